import Control

/// The daemons' report, shared by every page, live update and scrape: pulse and lvsd are asked
/// once per ``refreshEvery`` at most however many browsers watch (a status of thousands of real
/// servers costs lvsd's loop real time), and concurrent requests wait for the same answer. While
/// somebody watches (a request within ``keepWarmFor``) the report is renewed in the background
/// every ``refreshEvery``, so pages and scrapes are served without waiting for the daemons; the
/// first request after a quiet spell waits for them. The metrics exposition is made once per
/// report.
public actor ReportCache {
    /// How old a report may be when it is served.
    public let maxAge: Duration
    /// How often the report is renewed while watched.
    public let refreshEvery: Duration
    /// How long after a request the report is kept fresh.
    public let keepWarmFor: Duration
    private let fetch: @Sendable () async throws -> DirectorReport
    private var current: (report: Result<DirectorReport, any Error>, at: ContinuousClock.Instant)?
    private var metrics: [UInt8]?
    private var refreshing: Task<Result<DirectorReport, any Error>, Never>?
    private var watchedUntil: ContinuousClock.Instant?
    private var warming: Task<Void, Never>?

    /// A cache over `fetch` (the gateway's report).
    public init(
        maxAge: Duration = .seconds(3), refreshEvery: Duration = .seconds(2), keepWarmFor: Duration = .seconds(30),
        fetch: @escaping @Sendable () async throws -> DirectorReport
    ) {
        self.maxAge = maxAge
        self.refreshEvery = refreshEvery
        self.keepWarmFor = keepWarmFor
        self.fetch = fetch
    }

    /// A report at most ``maxAge`` old (or the error the daemons gave within that time).
    public func report() async throws -> DirectorReport {
        try await fresh().get()
    }

    /// The Prometheus exposition of a report at most ``maxAge`` old.
    public func exposition() async throws -> [UInt8] {
        let report = try await fresh().get()
        if let metrics { return metrics }
        let bytes = MetricsReport.exposition(report).bytes
        metrics = bytes
        return bytes
    }

    /// Whether the report is being kept fresh (somebody watched within ``keepWarmFor``).
    public var isKeepingWarm: Bool { warming != nil }

    /// Forgets the report (after an action changed what it says).
    public func invalidate() {
        current = nil
        metrics = nil
        // An answer already on its way predates the change: the next request asks again.
        refreshing = nil
    }

    private func fresh() async -> Result<DirectorReport, any Error> {
        watched()
        if let current, ContinuousClock.now - current.at < maxAge { return current.report }
        return await refresh()
    }

    /// Keeps the report fresh for ``keepWarmFor`` from now.
    private func watched() {
        guard keepWarmFor > .zero else { return }
        watchedUntil = ContinuousClock.now + keepWarmFor
        guard warming == nil else { return }
        warming = Task { await self.keepWarm() }
    }

    private func keepWarm() async {
        while let until = watchedUntil, ContinuousClock.now < until {
            try? await Task.sleep(for: refreshEvery)
            if refreshing == nil { startRefresh() }
            if let task = refreshing { _ = await task.value }
        }
        warming = nil
    }

    private func startRefresh() {
        let task = Task { [fetch] () -> Result<DirectorReport, any Error> in
            do {
                return .success(try await fetch())
            } catch {
                return .failure(error)
            }
        }
        refreshing = task
        Task { await self.finish(task) }
    }

    private func refresh() async -> Result<DirectorReport, any Error> {
        if refreshing == nil { startRefresh() }
        return await refreshing!.value
    }

    private func finish(_ task: Task<Result<DirectorReport, any Error>, Never>) async {
        let result = await task.value
        // A later refresh (after an invalidate) may have replaced this one: keep the newest.
        guard refreshing == task else { return }
        current = (result, ContinuousClock.now)
        metrics = nil
        refreshing = nil
    }
}
