import Addressing
import DaemonSupport
import HealthCheck
import Logging

/// A loop and a reaper for running checks in the test process (pidfd reaper: no waitpid(-1) here).
struct CheckHarness {
    let loop = EventLoop()
    let reaper: ChildReaper

    init() throws {
        reaper = try ChildReaper(loop: loop, strategy: .spawnedChildren, logger: Logger(label: "test"))
    }

    /// Runs `check` once and returns its result (nil if none came within timeout + 3 s).
    func result(of check: any HealthCheck, timeout: Duration = .seconds(2)) -> CheckResult? {
        var result: CheckResult?
        _ = check.start(CheckContext(loop: loop, reaper: reaper, timeout: timeout)) { result = $0 }
        run(loop, until: { result != nil }, timeout: timeout + .seconds(3))
        return result
    }

    /// Runs `check` and also reports how long it took.
    func timedResult(of check: any HealthCheck, timeout: Duration) -> (CheckResult?, Duration) {
        let start = ContinuousClock.now
        let result = result(of: check, timeout: timeout)
        return (result, ContinuousClock.now - start)
    }
}

func loopback(_ port: UInt16) -> SocketAddress {
    SocketAddress(address: IPAddress("127.0.0.1")!, port: port)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
