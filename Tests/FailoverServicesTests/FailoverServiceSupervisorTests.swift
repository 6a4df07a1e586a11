import FailoverServices
import LVSConfig
import Testing

/// The fos daemon's decisions: order of commands and watches, failure, stop and reload.
struct FailoverServiceSupervisorTests {
    static func launches(_ text: String) throws -> [FailoverServiceLaunch] {
        let result = LVSConfigParser().parse(Array(text.utf8), file: "lvs.cf")
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return try FailoverServiceLaunch.launches(
            of: result.config,
            settings: .init(nanny: "/usr/sbin/nanny", verbose: false, foreground: false, logSocket: nil))
    }

    static func config(_ blocks: String) -> String {
        """
        primary = 10.0.0.1
        backup = 10.0.0.2
        backup_active = 1
        service = fos
        \(blocks)
        """
    }

    static func block(_ name: String, address: String = "10.0.0.100", port: Int = 21, expect: String = "220") -> String
    {
        """
        failover \(name) {
            active = 1
            address = \(address) eth0:1
            port = \(port)
            expect = "\(expect)"
            timeout = 3
            start_cmd = "/etc/init.d/\(name) start"
            stop_cmd = "/etc/init.d/\(name) stop"
        }

        """
    }

    typealias Action = FailoverServiceSupervisor.Action

    @Test func theWatchingNannyChecksTheServiceOnTheVIPWithTheBlocksCheck() throws {
        let launch = try Self.launches(Self.config(Self.block("ftp")))[0]
        #expect(launch.start == ["/etc/init.d/ftp", "start"])
        #expect(launch.stop == ["/etc/init.d/ftp", "stop"])
        #expect(
            launch.watch == [
                "/usr/sbin/nanny", "--fos", "-h", "10.0.0.100", "-p", "21", "-x", "220", "-a", "180", "-t", "3",
            ])
    }

    @Test func servicesStartOneAfterAnotherAndEachIsWatchedOnceItsStartCommandSucceeded() throws {
        let launches = try Self.launches(Self.config(Self.block("ftp") + Self.block("smtp", port: 25)))
        var supervisor = FailoverServiceSupervisor()
        #expect(supervisor.handle(.begin(launches)) == [.runCommand(.start, launches[0].start, of: "ftp")])
        let next = supervisor.handle(.commandEnded(succeeded: true, how: "exited with status 0"))
        #expect(
            next.filter { if case .log = $0 { false } else { true } } == [
                .startWatch(service: "ftp", launches[0].watch), .runCommand(.start, launches[1].start, of: "smtp"),
            ])
        _ = supervisor.handle(.commandEnded(succeeded: true, how: "exited with status 0"))
        #expect(supervisor.running == ["ftp", "smtp"])
    }

    @Test func aFailedServiceStopsEveryServiceLastStartedFirstAndExitsWithTheFailureStatus() throws {
        let launches = try Self.launches(Self.config(Self.block("ftp") + Self.block("smtp", port: 25)))
        var supervisor = FailoverServiceSupervisor()
        _ = supervisor.handle(.begin(launches))
        _ = supervisor.handle(.commandEnded(succeeded: true, how: ""))
        _ = supervisor.handle(.commandEnded(succeeded: true, how: ""))
        let failed = supervisor.handle(.watchEnded(service: "ftp", how: "exited with status 0"))
        #expect(
            failed.contains(
                .log(
                    .error,
                    "failover service 'ftp' failed (its nanny exited with status 0): stopping every failover service; the partner director takes over"
                )))
        #expect(
            failed.filter { if case .log = $0 { false } else { true } } == [
                .stopWatch(service: "smtp"), .runCommand(.stop, launches[1].stop, of: "smtp"),
            ])
        // The nanny stopped on purpose is not a second failure.
        #expect(supervisor.handle(.watchEnded(service: "smtp", how: "exited with status 0")) == [])
        #expect(
            supervisor.handle(.commandEnded(succeeded: true, how: "")).filter {
                if case .log = $0 { false } else { true }
            } == [.runCommand(.stop, launches[0].stop, of: "ftp")])
        #expect(
            supervisor.handle(.commandEnded(succeeded: false, how: "exited with status 1")) == [
                .log(.error, "stop_cmd of failover service 'ftp' exited with status 1"),
                .exit(FailoverServiceSupervisor.failureStatus),
            ])
        #expect(supervisor.handle(.stop("SIGTERM")) == [])
    }

    @Test func aFailedStartCommandStopsThatServiceTooAndStartsNothingElse() throws {
        let launches = try Self.launches(Self.config(Self.block("ftp") + Self.block("smtp", port: 25)))
        var supervisor = FailoverServiceSupervisor()
        _ = supervisor.handle(.begin(launches))
        let failed = supervisor.handle(
            .commandEnded(succeeded: false, how: "did not finish within 30 s and was killed"))
        #expect(
            failed.first
                == .log(
                    .error,
                    "start_cmd of failover service 'ftp' did not finish within 30 s and was killed: stopping every failover service; the partner director takes over"
                ))
        #expect(failed.last == .runCommand(.stop, launches[0].stop, of: "ftp"))
        #expect(supervisor.handle(.commandEnded(succeeded: true, how: "")).last == .exit(3))
    }

    @Test func aStopWaitsForTheCommandUnderWayThenStopsWhatStartedAndExitsZero() throws {
        let launches = try Self.launches(Self.config(Self.block("ftp") + Self.block("smtp", port: 25)))
        var supervisor = FailoverServiceSupervisor()
        _ = supervisor.handle(.begin(launches))
        _ = supervisor.handle(.commandEnded(succeeded: true, how: ""))
        // smtp's start_cmd is under way: nothing new runs until it ends.
        let stop = supervisor.handle(.stop("SIGTERM"))
        #expect(stop == [.log(.notice, "SIGTERM: stopping the failover services"), .stopWatch(service: "ftp")])
        let after = supervisor.handle(.commandEnded(succeeded: true, how: ""))
        #expect(!after.contains { if case .startWatch = $0 { true } else { false } })
        #expect(after.last == .runCommand(.stop, launches[1].stop, of: "smtp"))
        #expect(
            supervisor.handle(.commandEnded(succeeded: true, how: "")).last
                == .runCommand(.stop, launches[0].stop, of: "ftp"))
        #expect(supervisor.handle(.commandEnded(succeeded: true, how: "")).last == .exit(0))
    }

    @Test func aReloadStopsWhatWentRestartsWhatChangedAndStartsWhatIsNew() throws {
        let before = try Self.launches(
            Self.config(Self.block("ftp") + Self.block("smtp", port: 25) + Self.block("dns", port: 53)))
        let after = try Self.launches(
            Self.config(
                Self.block("ftp") + Self.block("smtp", port: 25, expect: "220 mail") + Self.block("imap", port: 143)))
        var supervisor = FailoverServiceSupervisor()
        _ = supervisor.handle(.begin(before))
        for _ in 0..<3 { _ = supervisor.handle(.commandEnded(succeeded: true, how: "")) }
        #expect(supervisor.running == ["ftp", "smtp", "dns"])
        let reload = supervisor.handle(.reload(after))
        #expect(reload.first == .log(.notice, "reload: stopping 'dns', 'smtp', starting 'smtp', 'imap'"))
        #expect(
            reload.filter { if case .log = $0 { false } else { true } } == [
                .stopWatch(service: "dns"), .stopWatch(service: "smtp"), .runCommand(.stop, before[2].stop, of: "dns"),
            ])
        var commands: [Action] = []
        for _ in 0..<3 {
            commands += supervisor.handle(.commandEnded(succeeded: true, how: "")).filter {
                if case .runCommand = $0 { true } else { false }
            }
        }
        #expect(
            commands == [
                .runCommand(.stop, before[1].stop, of: "smtp"), .runCommand(.start, after[1].start, of: "smtp"),
                .runCommand(.start, after[2].start, of: "imap"),
            ])
        _ = supervisor.handle(.commandEnded(succeeded: true, how: ""))
        #expect(supervisor.running == ["ftp", "smtp", "imap"])
        #expect(supervisor.handle(.reload(after)) == [.log(.info, "reload: the failover services are unchanged")])
    }

    @Test func aFileWithoutARunnableServiceIsRefusedNamingTheBlock() throws {
        #expect(throws: FailoverServiceLaunchError.self) { try Self.launches(Self.config("")) }
        let result = LVSConfigParser().parse(
            Array(
                Self.config("failover ftp {\n active = 1\n address = 10.0.0.100 eth0:1\n stop_cmd = \"/bin/true\"\n}\n")
                    .utf8),
            file: "lvs.cf")
        #expect {
            try FailoverServiceLaunch.launches(
                of: result.config, settings: .init(nanny: "nanny", verbose: false, foreground: false, logSocket: nil))
        } throws: { "\($0)" == "failover 'ftp': no start_cmd" }
    }
}
