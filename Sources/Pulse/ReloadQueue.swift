/// Reloads read and waiting to be applied, one at a time: each plan compares with the settings
/// the one before left. Nothing more is applied once pulse stops. Pure.
public struct ReloadQueue<Reload> {
    private var waiting: [Reload] = []
    /// Whether a reload is being applied.
    public private(set) var isApplying = false

    /// Nothing waiting.
    public init() {}

    /// A reload was read: the one to apply now, if none is being applied.
    public mutating func add(_ reload: Reload, stopping: Bool) -> Reload? {
        waiting.append(reload)
        return next(stopping: stopping)
    }

    /// The reload being applied is done: the next one to apply, if any.
    public mutating func finished(stopping: Bool) -> Reload? {
        isApplying = false
        return next(stopping: stopping)
    }

    private mutating func next(stopping: Bool) -> Reload? {
        guard !isApplying, !stopping, !waiting.isEmpty else { return nil }
        isApplying = true
        return waiting.removeFirst()
    }
}
