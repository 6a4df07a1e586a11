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

    /// Bounds are generous and nothing is timed: under a loaded test run the cooperative pool can
    /// be slow to wake a sleeping task, so the tests wait for what must happen.
    @Test func whileWatchedTheReportIsRenewedWithoutARequest() async throws {
        let fetches = Counter()
        let cache = ReportCache(maxAge: .seconds(60), refreshEvery: .milliseconds(20), keepWarmFor: .seconds(60)) {
            _ = fetches.next()
            return MetricsTests.report()
        }
        _ = try await cache.report()
        #expect(await cache.isKeepingWarm)
        let deadline = ContinuousClock.now + .seconds(60)
        while fetches.value < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(fetches.value >= 3)
    }

    @Test func unwatchedTheReportIsNoLongerRenewed() async throws {
        let fetches = Counter()
        let cache = ReportCache(
            maxAge: .milliseconds(100), refreshEvery: .milliseconds(20), keepWarmFor: .milliseconds(200)
        ) {
            _ = fetches.next()
            return MetricsTests.report()
        }
        _ = try await cache.report()
        let deadline = ContinuousClock.now + .seconds(60)
        while await cache.isKeepingWarm, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await !cache.isKeepingWarm)
        // The keeper waits for each refresh it starts: once it has ended, nothing asks any more.
        let quiet = fetches.value
        try await Task.sleep(for: .milliseconds(300))
        #expect(fetches.value == quiet)
    }
}
