import Control
import DaemonSupport
import Glibc
import Logging
import Synchronization
import Testing

@Suite struct ControlServerTests {
    func configuration(_ directory: SocketDirectory, _ change: (inout ControlServer.Configuration) -> Void = { _ in })
        -> ControlServer.Configuration
    {
        var configuration = ControlServer.Configuration(path: directory.socketPath, daemon: "lvsd")
        change(&configuration)
        return configuration
    }

    func client(_ directory: SocketDirectory, timeout: Duration = .seconds(3)) -> ControlClient {
        ControlClient(path: directory.socketPath, daemon: "lvsd", timeout: timeout)
    }

    /// A raw client socket connected to the server (for misbehaving clients).
    func rawConnect(_ path: String) throws -> FileDescriptor {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let descriptor = FileDescriptor(rawValue: fd)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw SystemCallError(call: "connect", object: path, errno: errno) }
        return descriptor
    }

    @Test func statusAndCommandsRoundTripThroughTheSocket() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        let server = try ControlServer(
            configuration(directory), loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        defer { server.close() }
        let client = client(directory)
        let outcome = inBackground { () -> [String] in
            var lines: [String] = []
            do {
                let status = try client.send(LVSDRequest.status)
                lines.append(status.result == sampleStatus ? "status ok" : "status differs")
                lines.append(try client.send(LVSDRequest.drain(RealServerSelector("10.0.1.10:80")!)).message ?? "")
                _ = try client.send(LVSDRequest.enable(RealServerSelector("10.0.1.99")!))
            } catch {
                lines.append("\(error)")
            }
            return lines
        }
        #expect(run(loop, until: { outcome.value != nil }))
        #expect(
            outcome.value == ["status ok", "10.0.1.10:80 drained", "lvsd: enable: no real server 10.0.1.99 is drained"])
    }

    @Test func socketIsRootOnlyByMode() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        let server = try ControlServer(
            configuration(directory), loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        defer { server.close() }
        var info = stat()
        #expect(stat(directory.socketPath, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat("\(directory.path)/run", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        server.close()
        #expect(access(directory.socketPath, F_OK) != 0, "close removes the socket")
    }

    @Test func severalRequestsOnOneConnectionAndBadOnesGetErrors() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        let server = try ControlServer(
            configuration(directory), loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        defer { server.close() }
        let raw = try rawConnect(directory.socketPath)
        defer { raw.closeQuietly() }
        try raw.writeAll(Array("{\"command\":\"reload\"}\nnot json\n{\"command\":\"drain\"}\n".utf8))
        var received: [UInt8] = []
        try raw.setNonBlocking()
        run(
            loop,
            until: {
                received += (try? raw.read(upTo: 4096)) ?? nil ?? []
                return received.filter { $0 == UInt8(ascii: "\n") }.count >= 3
            })
        #expect(
            String(decoding: received, as: UTF8.self) == """
                {"message":"reloaded","ok":true}
                {"error":"request is not valid JSON (expected one object per line, like {\\"command\\":\\"status\\"})","ok":false}
                {"error":"drain needs a \\"target\\": a real server as ADDRESS or ADDRESS:PORT","ok":false}

                """)
    }

    @Test func aSilentClientDoesNotBlockOthersAndIsDroppedAtItsDeadline() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        // The silent client's deadline is 3 s; an answer well before it shows it did not wait.
        let server = try ControlServer(
            configuration(directory) { $0.requestTimeout = .seconds(3) },
            loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        defer { server.close() }
        let silent = try rawConnect(directory.socketPath)
        defer { silent.closeQuietly() }
        // Half a request, then nothing.
        try silent.writeAll(Array("{\"command\":".utf8))
        run(loop, until: { server.connectionCount == 1 }, timeout: .seconds(1))

        let client = client(directory)
        let started = ContinuousClock.now
        let outcome = inBackground { (try? client.send(LVSDRequest.reload))?.message }
        #expect(run(loop, until: { outcome.value != nil }))
        #expect(outcome.value == "reloaded")
        #expect(ContinuousClock.now - started < .seconds(2), "the silent client held up the answer")

        #expect(run(loop, until: { server.connectionCount == 0 }, timeout: .seconds(6)), "silent client not dropped")
        try silent.setNonBlocking()
        #expect(try silent.read(upTo: 10) == [], "the server closed the silent connection")
    }

    @Test func overLongRequestIsRefusedAndClosed() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        let server = try ControlServer(
            configuration(directory) { $0.maximumRequestLength = 64 },
            loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        defer { server.close() }
        let raw = try rawConnect(directory.socketPath)
        defer { raw.closeQuietly() }
        try raw.writeAll(Array(repeating: UInt8(ascii: "x"), count: 200))
        try raw.setNonBlocking()
        var received: [UInt8] = []
        var eof = false
        run(
            loop,
            until: {
                if let chunk = try? raw.read(upTo: 4096) { if chunk.isEmpty { eof = true } else { received += chunk } }
                return eof
            })
        #expect(
            String(decoding: received, as: UTF8.self) == "{\"error\":\"request longer than 64 bytes\",\"ok\":false}\n")
        #expect(eof)
    }

    @Test func peerCredentialsAreCheckedOnEveryConnection() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        // Only uid 12345 may talk: this (root) test process is "someone else".
        let server = try ControlServer(
            configuration(directory) { $0.allowedUIDs = [12345] },
            loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        defer { server.close() }
        let client = client(directory)
        let outcome = inBackground { () -> String in
            do { return "answered: \(try client.send(LVSDRequest.status))" } catch { return "\(error)" }
        }
        #expect(run(loop, until: { outcome.value != nil }))
        #expect(
            outcome.value == "lvsd: permission denied: lvsd's control socket is for root only (you are uid \(getuid()))"
        )
        #expect(server.connectionCount == 0)
    }

    /// A real unprivileged process (`setpriv` to nobody) against a socket it can reach: refused by
    /// SO_PEERCRED. With the default modes it cannot even reach the socket.
    @Test(.enabled(if: getuid() == 0, "dropping privileges to nobody needs root"))
    func aNonRootProcessIsRefused() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        chmod(directory.path, 0o711)
        let loop = EventLoop()
        let reaper = try ChildReaper(loop: loop, strategy: .spawnedChildren, logger: testLogger)
        func runAsNobody(_ path: String) throws -> (String, TerminationStatus?) {
            var status: TerminationStatus?
            let child = try reaper.spawn(
                ChildProcessSpec(
                    executable: "/usr/bin/setpriv",
                    arguments: [
                        "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/socat", "-t", "2", "STDIO",
                        "UNIX-CONNECT:\(path)",
                    ],
                    standardInput: .pipe, standardOutput: .pipe, standardError: .pipe)
            ) { status = $0.status }
            try child.standardInput!.writeAll(Array("{\"command\":\"status\"}\n".utf8))
            child.standardInput!.closeQuietly()
            var output: [UInt8] = []
            var open: [EventLoop.WatchID] = []
            for stream in [child.standardOutput!, child.standardError!] {
                var watch: EventLoop.WatchID?
                watch = loop.watch(stream, for: .readable) { _ in
                    guard let chunk = try? stream.read(upTo: 4096) else { return }
                    if !chunk.isEmpty {
                        output += chunk
                        return
                    }
                    loop.unwatch(watch!)
                    open.removeAll { $0 == watch }
                }
                open.append(watch!)
            }
            run(loop, until: { open.isEmpty && status != nil }, timeout: .seconds(8))
            open.forEach(loop.unwatch)
            child.standardOutput!.closeQuietly()
            child.standardError!.closeQuietly()
            return (String(decoding: output, as: UTF8.self), status)
        }

        let open = try ControlServer(
            configuration(directory) {
                $0.directoryMode = 0o711; $0.socketMode = 0o666
            },
            loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        let (answer, _) = try runAsNobody(directory.socketPath)
        open.close()
        #expect(
            answer
                == "{\"error\":\"permission denied: lvsd's control socket is for root only (you are uid 65534)\",\"ok\":false}\n"
        )

        let strict = try ControlServer(
            configuration(directory), loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        defer { strict.close() }
        let (failure, status) = try runAsNobody(directory.socketPath)
        #expect(failure.contains("Permission denied"), "\(failure)")
        #expect(status != .exited(0))
    }

    @Test func staleSocketIsReplacedLiveOneAndFilesAreNot() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        // A stale socket file: bound, never listened, closed.
        mkdir("\(directory.path)/run", 0o700)
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in directory.socketPath.utf8.enumerated() { raw[index] = byte }
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(stale)
        #expect(access(directory.socketPath, F_OK) == 0)

        let first = try ControlServer(
            configuration(directory), loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        #expect(throws: ControlServerError.alreadyServing(daemon: "lvsd", path: directory.socketPath)) {
            _ = try ControlServer(
                configuration(directory), loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        }
        first.close()

        let file = "\(directory.path)/run/not-a-socket"
        close(open(file, O_WRONLY | O_CREAT, 0o600))
        var other = configuration(directory)
        other.path = file
        #expect(throws: ControlServerError.notASocket(path: file)) {
            _ = try ControlServer(other, loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        }
        #expect(
            ControlServerError.alreadyServing(daemon: "lvsd", path: "/run/lvsd/lvsd.sock").description
                == "another lvsd is already answering on /run/lvsd/lvsd.sock")
    }

    /// Answers that come later (pulse reads a reload off its loop) keep their order, and the
    /// connection stays open for them even when the client has finished sending.
    @Test func deferredAnswersKeepTheirOrder() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        let server = try ControlServer(configuration(directory), loop: loop, logger: testLogger) { _, line, reply in
            let text = String(decoding: line, as: UTF8.self)
            // The first request is answered 200 ms later, the second at once.
            let delay: Duration = text == "first" ? .milliseconds(200) : .zero
            loop.schedule(after: delay) { reply(Array("answer to \(text)\n".utf8)) }
        }
        defer { server.close() }
        let socket = try rawConnect(directory.socketPath)
        defer { socket.closeQuietly() }
        try socket.writeAll(Array("first\nsecond\n".utf8))
        shutdown(socket.rawValue, Int32(SHUT_WR))
        try socket.setNonBlocking()
        var received: [UInt8] = []
        #expect(
            run(
                loop,
                until: {
                    while let chunk = try? socket.read(upTo: 256), !chunk.isEmpty { received += chunk }
                    return String(decoding: received, as: UTF8.self).components(separatedBy: "\n").count == 3
                }))
        #expect(String(decoding: received, as: UTF8.self) == "answer to first\nanswer to second\n")
    }

    @Test func whenEveryConnectionIsBusyTheClientRetriesThenIsToldWhy() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        // Idle connections are not given up within this test: every slot stays taken.
        let server = try ControlServer(
            configuration(directory) {
                $0.maximumConnections = 2; $0.idleGrace = .seconds(60)
            },
            loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        defer { server.close() }
        let held = try (0..<2).map { _ in try rawConnect(directory.socketPath) }
        defer { held.forEach { $0.closeQuietly() } }
        run(loop, until: { server.connectionCount == 2 }, timeout: .seconds(1))
        let client = client(directory, timeout: .seconds(1))
        let started = ContinuousClock.now
        let outcome = inBackground { () -> String in
            do { return "answered: \(try client.send(LVSDRequest.status))" } catch { return "\(error)" }
        }
        #expect(run(loop, until: { outcome.value != nil }))
        #expect(outcome.value == "lvsd: lvsd is busy (too many control connections); try again")
        #expect(ContinuousClock.now - started >= .milliseconds(800), "retried within its timeout")
    }

    /// 400 idle connections (the test process's descriptor limit may be 1,024), then 16 trickling
    /// ones (a byte every 50 ms, never a whole line): before, either kept every slot taken and
    /// lvsctl got "busy".
    @Test func idleAndTricklingClientsMakeWayForAnAdmin() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        let loop = EventLoop()
        let server = try ControlServer(
            configuration(directory), loop: loop, logger: testLogger, handler: sampleLVSDHandler())
        defer { server.close() }
        var idle: [FileDescriptor] = []
        defer { idle.forEach { $0.closeQuietly() } }
        for _ in 0..<400 {
            idle.append(try rawConnect(directory.socketPath))
            // The listen queue holds 16: let the server accept before it fills.
            if idle.count % 8 == 0 { run(loop, until: { false }, timeout: .milliseconds(2)) }
        }
        run(loop, until: { false }, timeout: .milliseconds(300))
        #expect(server.connectionCount <= 16)
        var outcome = inBackground { (try? client(directory).send(LVSDRequest.reload))?.message }
        #expect(run(loop, until: { outcome.value != nil }))
        #expect(outcome.value == "reloaded")

        let trickling = try (0..<16).map { _ in try rawConnect(directory.socketPath) }
        defer { trickling.forEach { $0.closeQuietly() } }
        let stop = Mutex(false)
        let writer = inBackground { () -> Int in
            var sent = 0
            while !stop.withLock({ $0 }) && sent < 2000 {
                // MSG_NOSIGNAL: the server closes some of these to make room (no SIGPIPE here).
                var byte = UInt8(ascii: "{")
                for socket in trickling { _ = send(socket.rawValue, &byte, 1, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                sent += 1
                usleep(50_000)
            }
            return sent
        }
        run(loop, until: { false }, timeout: .milliseconds(400))
        outcome = inBackground { (try? client(directory).send(LVSDRequest.reload))?.message }
        #expect(run(loop, until: { outcome.value != nil }))
        #expect(outcome.value == "reloaded")
        stop.withLock { $0 = true }
        #expect(run(loop, until: { writer.value != nil }))
    }
}

@Suite struct ControlClientTests {
    @Test func noSocketMeansNotRunning() {
        let client = ControlClient(path: "/tmp/lvs-control-test-missing/lvsd.sock", daemon: "lvsd")
        #expect(throws: ControlClientError.notRunning(daemon: "lvsd", path: "/tmp/lvs-control-test-missing/lvsd.sock"))
        {
            _ = try client.send(LVSDRequest.status)
        }
        #expect(
            ControlClientError.notRunning(daemon: "lvsd", path: "/run/lvsd/lvsd.sock").description
                == "lvsd is not running (no socket at /run/lvsd/lvsd.sock)")
    }

    @Test func errnoMapsToAdminWording() {
        #expect(
            ControlClientError.connecting(daemon: "pulse", path: "/run/pulse/pulse.sock", errno: EACCES).description
                == "permission denied: cannot connect to /run/pulse/pulse.sock (pulse's control socket is for root only)"
        )
        #expect(
            ControlClientError.connecting(daemon: "lvsd", path: "/run/lvsd/lvsd.sock", errno: ECONNREFUSED).description
                == "lvsd is not running (nothing answers at /run/lvsd/lvsd.sock)")
        #expect(
            ControlClientError.timedOut(daemon: "lvsd", path: "/run/lvsd/lvsd.sock", after: .seconds(5)).description
                == "lvsd did not answer within 5 s (/run/lvsd/lvsd.sock)")
    }

    @Test func aDaemonThatNeverAnswersTimesOut() throws {
        let directory = SocketDirectory()
        defer { directory.remove() }
        mkdir("\(directory.path)/run", 0o700)
        // Listening but never accepting: connect succeeds (backlog), no answer comes.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in directory.socketPath.utf8.enumerated() { raw[index] = byte }
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        listen(fd, 4)
        let client = ControlClient(path: directory.socketPath, daemon: "lvsd", timeout: .milliseconds(200))
        let started = ContinuousClock.now
        #expect(
            throws: ControlClientError.timedOut(daemon: "lvsd", path: directory.socketPath, after: .milliseconds(200))
        ) {
            _ = try client.send(LVSDRequest.status)
        }
        #expect(ContinuousClock.now - started < .seconds(1))
    }
}
