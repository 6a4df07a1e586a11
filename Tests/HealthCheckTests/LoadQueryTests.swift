import DaemonSupport
import HealthCheck
import Testing

/// Load queries run as real programs (no shell), in the test process.
@Suite struct LoadQueryTests {
    func result(_ arguments: [String], timeout: Duration = .seconds(2)) throws -> Result<Double, LoadQueryFailure>? {
        let harness = try CheckHarness()
        var result: Result<Double, LoadQueryFailure>?
        _ = LoadQuery(arguments: arguments, timeout: timeout).start(loop: harness.loop, reaper: harness.reaper) {
            result = $0
        }
        run(harness.loop, until: { result != nil }, timeout: timeout + .seconds(3))
        return result
    }

    @Test func uptimeOutputGivesTheLoad() throws {
        #expect(try result(["/bin/echo", "10:01:02 up 3 days,  load average: 0.25, 0.40, 0.31"]) == .success(0.25))
    }

    @Test func failuresSayWhyAndNameTheCommand() throws {
        #expect(
            try result(["/bin/false", "10.0.1.10", "uptime"])
                == .failure(LoadQueryFailure(command: "/bin/false 10.0.1.10 uptime", reason: "exited with status 1")))
        let garbage = try result(["/bin/echo", "Permission denied"])
        guard case .failure(let failure) = garbage else {
            Issue.record("parsed \(String(describing: garbage))")
            return
        }
        #expect(
            "\(failure)"
                == "load query \"/bin/echo Permission denied\" output unusable: no load average in \"Permission denied\" (expected \"load average: 0.52, 0.40, 0.31\" or \"load 0.52, …\")"
        )
        let missing = try result(["/nonexistent/ssh", "10.0.1.10", "uptime"])
        #expect(
            missing
                == .failure(
                    LoadQueryFailure(
                        command: "/nonexistent/ssh 10.0.1.10 uptime",
                        reason: "could not start: No such file or directory")))
    }

    @Test func aHangingQueryIsKilledAtTheTimeout() throws {
        let start = ContinuousClock.now
        let hung = try result(["/bin/sleep", "30"], timeout: .milliseconds(300))
        #expect(
            hung
                == .failure(
                    LoadQueryFailure(command: "/bin/sleep 30", reason: "did not finish within 0.3 s and was killed")))
        #expect(ContinuousClock.now - start < .seconds(3))
    }
}
