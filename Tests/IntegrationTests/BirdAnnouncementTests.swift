#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Foundation
import LVSTestKit
import RouteAnnouncement
import Testing

/// BirdAnnouncer against Debian's BIRD 2: a router and a director in network namespaces, each
/// running bird, with a BGP session between them. The announcer's VIPs reach the router's kernel
/// table and leave it again, BIRD is only reconfigured (the session stays up), and a file BIRD
/// rejects is reported with BIRD's own words while the routes already announced stay.
@Suite(
    .enabled(
        if: TestEnvironment.hostTestsEnabled && TestEnvironment.isRoot && access("/usr/sbin/bird", X_OK) == 0,
        "needs root, LVSROUTER_HOST_TESTS=1 and bird (Debian's bird2)"),
    .serialized)
struct BirdAnnouncementTests {
    let vip = IPAddress("10.91.0.100")!
    let other = IPAddress("10.91.0.101")!

    /// The two namespaces and their birds; `close()` ends what it started, by PID.
    final class Lab {
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        let directory: String
        var router: String { "lvsbgp-r-\(tag)" }
        var director: String { "lvsbgp-d-\(tag)" }
        var birdPIDFiles: [String] = []

        init() throws {
            directory = NSTemporaryDirectory() + "lvs-bird-\(tag)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try sh(
                """
                ip netns add \(router); ip netns add \(director)
                ip link add r0 netns \(router) type veth peer name d0 netns \(director)
                ip -n \(router) address add 10.91.1.254/24 dev r0; ip -n \(router) link set r0 up
                ip -n \(director) address add 10.91.1.1/24 dev d0; ip -n \(director) link set d0 up
                ip -n \(router) link set lo up; ip -n \(director) link set lo up
                """)
        }

        var includePath: String { directory + "/vips.conf" }
        var directorSocket: String { directory + "/d.ctl" }
        var routerSocket: String { directory + "/r.ctl" }

        /// Starts both birds; the director's includes `includePath`, which must exist.
        func startBirds(holdTime: Int = 9) throws {
            let routerConfig = """
                router id 10.91.1.254;
                protocol device {}
                protocol kernel { ipv4 { export all; }; merge paths on; }
                protocol bgp director { local as 65000; neighbor 10.91.1.1 as 65001; hold time \(holdTime);
                    ipv4 { import all; export none; }; }

                """
            let directorConfig = """
                router id 10.91.1.1;
                protocol device {}
                include "\(includePath)";
                protocol bgp uplink { local as 65001; neighbor 10.91.1.254 as 65000; hold time \(holdTime);
                    ipv4 { import none; export where proto = "\(BirdVIPConfiguration.ipv4Protocol)"; }; }

                """
            try routerConfig.write(toFile: directory + "/r.conf", atomically: true, encoding: .utf8)
            try directorConfig.write(toFile: directory + "/d.conf", atomically: true, encoding: .utf8)
            for (namespace, name, socket) in [(router, "r", routerSocket), (director, "d", directorSocket)] {
                let pidFile = directory + "/\(name).pid"
                birdPIDFiles.append(pidFile)
                try Lab.sh(
                    "ip netns exec \(namespace) bird -c \(directory)/\(name).conf -s \(socket) -P \(pidFile)")
            }
        }

        /// The router's kernel route to `address`, empty when there is none.
        func routerRoute(to address: IPAddress) -> String {
            (try? TestProcess.run("/sbin/ip", ["-n", router, "route", "show", "\(address)"]).output) ?? ""
        }

        func close() {
            for file in birdPIDFiles {
                if let text = try? String(contentsOfFile: file, encoding: .utf8),
                    let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
                {
                    kill(pid, SIGTERM)
                }
            }
            _ = try? TestProcess.run("/bin/sh", ["-c", "ip netns delete \(router); ip netns delete \(director)"])
            try? FileManager.default.removeItem(atPath: directory)
        }

        func sh(_ script: String) throws { try Lab.sh(script) }

        static func sh(_ script: String) throws {
            let result = try TestProcess.run("/bin/sh", ["-ec", script], timeout: .seconds(30))
            guard result.exitCode == 0 else { throw LabError("\(script): \(result.error)") }
        }
    }

    /// Polls `condition` every 20 ms for at most `limit`; returns the time it took, or nil.
    func waitFor(_ limit: Duration, _ condition: () -> Bool) -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if condition() { return ContinuousClock.now - start }
            usleep(20_000)
        }
        return nil
    }

    func established(_ control: BirdControl) -> Bool {
        guard let reply = try? control.run("show protocols") else { return false }
        return BirdProtocolStatus.list(from: reply).contains { $0.name == "uplink" && $0.isEstablishedBGP }
    }

    @Test func announcesAndWithdrawsThroughAReconfigurationNotARestart() throws {
        let lab = try Lab()
        defer { lab.close() }
        var announcer = BirdAnnouncer(includePath: lab.includePath, control: BirdControl(path: lab.directorSocket))
        try Data(BirdVIPConfiguration(announcing: []).text.utf8).write(to: URL(fileURLWithPath: lab.includePath))
        try lab.startBirds()
        let directorControl = BirdControl(path: lab.directorSocket)
        #expect(waitFor(.seconds(30)) { established(directorControl) } != nil, "no BGP session within 30 s")
        let pidBefore = try String(contentsOfFile: lab.birdPIDFiles[1], encoding: .utf8)

        #expect(try announcer.announce([vip, other]))
        let announced = waitFor(.seconds(10)) { lab.routerRoute(to: vip).contains("via 10.91.1.1") }
        #expect(announced != nil, "the router never learned \(vip)")
        #expect(lab.routerRoute(to: other).contains("via 10.91.1.1"))
        print("bird announce figure: \(vip) in the router's table after \(announced ?? .zero)")
        // The same set again: nothing to tell BIRD.
        #expect(try !announcer.announce([vip, other]))

        #expect(try announcer.announce([other]))
        let withdrawn = waitFor(.seconds(10)) { lab.routerRoute(to: vip).isEmpty }
        #expect(withdrawn != nil, "the router kept \(vip) after the withdrawal")
        #expect(lab.routerRoute(to: other).contains("via 10.91.1.1"), "withdrawing \(vip) took \(other) too")
        print("bird withdraw figure: \(vip) out of the router's table after \(withdrawn ?? .zero)")

        // Reconfigured, not restarted: the same bird, its session still established.
        #expect(try String(contentsOfFile: lab.birdPIDFiles[1], encoding: .utf8) == pidBefore)
        #expect(established(directorControl))
        #expect(try announcer.announce([]))
        #expect(waitFor(.seconds(10)) { lab.routerRoute(to: other).isEmpty } != nil)
    }

    @Test func aFileBirdRejectsIsReportedAndTheAnnouncedRoutesStay() throws {
        let lab = try Lab()
        defer { lab.close() }
        var announcer = BirdAnnouncer(includePath: lab.includePath, control: BirdControl(path: lab.directorSocket))
        try Data(BirdVIPConfiguration(announcing: [vip]).text.utf8).write(to: URL(fileURLWithPath: lab.includePath))
        try lab.startBirds()
        #expect(waitFor(.seconds(30)) { lab.routerRoute(to: vip).contains("via 10.91.1.1") } != nil)

        // Someone breaks the include file; BIRD keeps running what it had.
        try Data("protocol static lvsrouter_vips4 { ipv4; route nonsense; }\n".utf8)
            .write(to: URL(fileURLWithPath: lab.includePath))
        let refused = #expect(throws: BirdControlError.self) {
            try BirdControl(path: lab.directorSocket).run("configure")
        }
        #expect("\(refused.map { "\($0)" } ?? "")".contains("\(lab.includePath):1"), "\(String(describing: refused))")
        #expect(lab.routerRoute(to: vip).contains("via 10.91.1.1"), "a rejected file took the VIP away")

        // The announcer writes a whole file again and BIRD takes it.
        #expect(try announcer.announce([vip, other]))
        #expect(waitFor(.seconds(10)) { lab.routerRoute(to: other).contains("via 10.91.1.1") } != nil)
    }

    @Test func noBirdIsAClearErrorAtOnce() throws {
        let path = NSTemporaryDirectory() + "lvs-no-bird-\(UUID().uuidString.prefix(6)).ctl"
        let start = ContinuousClock.now
        #expect {
            _ = try BirdControl(path: path, timeout: .seconds(2)).run("show status")
        } throws: { error in
            "\(error)".hasPrefix("connecting to BIRD's control socket \(path): ")
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }
}
