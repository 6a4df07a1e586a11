import Control

/// The daemons' report, shared by every page, live update and scrape: pulse and lvsd are asked
/// at most once per ``maxAge`` however many browsers watch (a status of thousands of real servers
/// costs lvsd's loop real time), concurrent requests wait for the same answer, and a report past
/// half its age is renewed in the background so that a steady watcher rarely waits. The metrics
/// exposition is made once per report.
public actor ReportCache {
    /// How old a report may be when it is served.
    public let maxAge: Duration
    private let fetch: @Sendable () async throws -> DirectorReport
    private var current: (report: Result<DirectorReport, any Error>, at: ContinuousClock.Instant)?
    private var metrics: [UInt8]?
    private var refreshing: Task<Result<DirectorReport, any Error>, Never>?

    /// A cache over `fetch` (the gateway's report).
    public init(maxAge: Duration = .seconds(1), fetch: @escaping @Sendable () async throws -> DirectorReport) {
        self.maxAge = maxAge
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

    /// Forgets the report (after an action changed what it says).
    public func invalidate() {
        current = nil
        metrics = nil
    }

    private func fresh() async -> Result<DirectorReport, any Error> {
        if let current {
            let age = ContinuousClock.now - current.at
            if age < maxAge {
                if age > maxAge / 2, refreshing == nil { startRefresh() }
                return current.report
            }
        }
        return await refresh()
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
