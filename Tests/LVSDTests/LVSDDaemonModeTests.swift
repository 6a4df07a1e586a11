import Foundation
import Glibc
import LVSTestKit
import Testing

/// lvsd as a daemon: it forks, the parent exits once the daemon is up, the daemon writes its
/// pidfile and logs to syslog (ident lvsd, facility daemon).
@Suite(.serialized) struct LVSDDaemonModeTests {
    /// A datagram socket standing in for /dev/log.
    final class SyslogListener {
        let path: String
        let fd: Int32

        init(path: String) throws {
            self.path = path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else { throw LabError("socket: \(String(cString: strerror(errno)))") }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard bound == 0 else { throw LabError("bind \(path): \(String(cString: strerror(errno)))") }
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }

        deinit {
            close(fd)
            unlink(path)
        }

        /// Every datagram received so far.
        func drain() -> [String] {
            var lines: [String] = []
            var buffer = [UInt8](repeating: 0, count: 8192)
            for _ in 0..<10_000 {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n <= 0 { break }
                lines.append(String(decoding: buffer[0..<n], as: UTF8.self))
            }
            return lines
        }
    }

    @Test func forksWritesItsPidfileLogsToSyslogAndStopsOnSIGTERM() throws {
        try withScratch { scratch in
            let server = try LoopbackServer()
            let syslog = try SyslogListener(path: scratch.path + "/log")
            let config = try scratch.write("lvs.cf", loopbackConfig(ports: [server.port]))
            let run = scratch.path + "/run"
            let parent = try TestProcess.run(
                TestEnvironment.product("lvsd"),
                [
                    "-t", "-c", config, "--runtime-directory", run, "--nanny", TestEnvironment.product("nanny"),
                    "--log-socket", syslog.path,
                ], timeout: .seconds(30))
            #expect(parent.exitCode == 0, "\(parent.error)")
            #expect(parent.error == "")

            let pidText = try String(contentsOfFile: run + "/lvsd.pid", encoding: .utf8)
            let pid = try #require(pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
            // Ours: an lvsd whose command line names this test's runtime directory.
            let commandLine = try String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
            try #require(commandLine.contains(run))
            #expect(isAlive(pid))

            var received: [String] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline,
                !received.contains(where: { $0.contains("would apply: adding real server rs1") })
            {
                received += syslog.drain()
                usleep(50_000)
            }
            let line = try #require(
                received.first { $0.contains("lvsd[\(pid)]: would apply: adding real server rs1") }, "\(received)")
            // <29> is facility daemon (3 << 3), priority notice (5).
            #expect(line.hasPrefix("<29>"))
            #expect(received.contains { $0.contains("nanny[") && $0.contains("[ active ]") })

            kill(pid, SIGTERM)
            let stopDeadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < stopDeadline, isAlive(pid) { usleep(50_000) }
            #expect(!isAlive(pid))
            #expect(access(run + "/lvsd.pid", F_OK) != 0)
            received += syslog.drain()
            #expect(received.contains { $0.contains("lvsd[\(pid)]: stopped") })
        }
    }

    @Test func aDaemonThatCannotStartMakesTheParentFailWithTheReason() throws {
        try withScratch { scratch in
            let config = try scratch.write("lvs.cf", loopbackConfig(ports: [try freePort()]))
            // The runtime directory is a file: the daemon cannot take its pidfile.
            try scratch.write("run", "not a directory")
            let parent = try TestProcess.run(
                TestEnvironment.product("lvsd"),
                [
                    "-t", "-c", config, "--runtime-directory", scratch.path + "/run", "--log-socket",
                    scratch.path + "/nolog",
                ],
                timeout: .seconds(30))
            #expect(parent.exitCode == 1)
            #expect(parent.error.hasPrefix("lvsd: "))
            #expect(parent.error.contains(scratch.path + "/run"))
            #expect(parent.error.split(separator: "\n").count == 1, "\(parent.error)")
        }
    }
}
