import Control
import LVSWeb
import Synchronization
import Testing

/// The daemons are asked at most once per max age, however many pages and scrapes come.
@Suite struct ReportCacheTests {
    final class Counter: Sendable {
        let count = Mutex(0)
        func next() -> Int {
            count.withLock {
                $0 += 1; return $0
            }
        }
        var value: Int { count.withLock { $0 } }
    }

    @Test func concurrentRequestsShareOneAnswerAndAnActionForgetsIt() async throws {
        let fetches = Counter()
        let cache = ReportCache(maxAge: .seconds(60), keepWarmFor: .zero) {
            _ = fetches.next()
            try await Task.sleep(for: .milliseconds(100))
            return MetricsTests.report()
        }
        try await withThrowingTaskGroup(of: DirectorReport.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.report() } }
            for try await report in group { #expect(report.pulse.role == .primary) }
        }
        #expect(fetches.value == 1)
        let first = try await cache.exposition()
        let second = try await cache.exposition()
        #expect(first == second && fetches.value == 1)
        #expect(String(decoding: first, as: UTF8.self).contains("lvsrouter_director_active 1"))
        await cache.invalidate()
        _ = try await cache.report()
        #expect(fetches.value == 2)
    }

    @Test func anOldReportIsRenewedAndAFailureIsSaid() async throws {
        let fetches = Counter()
        let cache = ReportCache(maxAge: .milliseconds(200), keepWarmFor: .zero) {
            if fetches.next() == 2 { throw ControlClientError.notRunning(daemon: "pulse", path: "/x") }
            return MetricsTests.report()
        }
        _ = try await cache.report()
        try await Task.sleep(for: .milliseconds(250))
        await #expect(throws: ControlClientError.self) { try await cache.report() }
        try await Task.sleep(for: .milliseconds(250))
        _ = try await cache.report()
        #expect(fetches.value == 3)
    }

    /// Bounds are generous: under a loaded test run the cooperative pool can be slow to wake a
    /// sleeping task, so the test waits for what must happen instead of timing it.
    @Test func whileWatchedTheReportIsRenewedAndUnwatchedItIsNot() async throws {
        let fetches = Counter()
        let cache = ReportCache(
            maxAge: .milliseconds(300), refreshEvery: .milliseconds(50), keepWarmFor: .milliseconds(400)
        ) {
            _ = fetches.next()
            return MetricsTests.report()
        }
        _ = try await cache.report()
        #expect(await cache.isKeepingWarm)
        // Renewed in the background, with no request asking.
        let deadline = ContinuousClock.now + .seconds(30)
        while fetches.value < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(fetches.value >= 3)
        // Unwatched, it stops: once the keeper has ended, nothing asks any more.
        while await cache.isKeepingWarm, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await !cache.isKeepingWarm)
        let quiet = fetches.value
        try await Task.sleep(for: .milliseconds(300))
        #expect(fetches.value == quiet)
    }
}
