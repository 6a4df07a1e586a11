#if canImport(Glibc)
import Glibc
#endif

/// Polls `condition` every 20 ms for at most `timeout`; returns whether it became true.
public func eventually(within timeout: Duration = .seconds(3), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
