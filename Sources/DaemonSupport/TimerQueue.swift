/// Deadlines ordered in time: one-shot and repeating timers, pure (the caller supplies "now").
///
/// Repeating timers are re-armed from their previous deadline, not from the time they ran, so a
/// 50 ms timer stays on its 50 ms grid however late each run is. When a run is late by one whole
/// interval or more, the missed ticks are skipped (not run in a burst) and the grid is kept.
public struct TimerQueue<Payload> {
    /// Identifies a scheduled timer.
    public struct ID: Hashable, Sendable, CustomStringConvertible {
        let value: UInt64
        public var description: String { "timer \(value)" }
    }

    /// A timer that is due.
    public struct Due {
        /// The timer.
        public var id: ID
        /// The deadline it was due at.
        public var deadline: ContinuousClock.Instant
        /// Ticks of a repeating timer skipped because the run was late by whole intervals.
        public var skippedTicks: Int
        /// What was scheduled.
        public var payload: Payload
    }

    private struct Entry {
        var deadline: ContinuousClock.Instant
        var interval: Duration?
        var payload: Payload
    }

    private struct HeapItem {
        var deadline: ContinuousClock.Instant
        var id: UInt64
        func precedes(_ other: HeapItem) -> Bool {
            deadline < other.deadline || (deadline == other.deadline && id < other.id)
        }
    }

    private var entries: [UInt64: Entry] = [:]
    // A binary min-heap; cancelled or re-armed timers leave stale items, skipped when they surface.
    private var heap: [HeapItem] = []
    private var nextID: UInt64 = 1

    /// An empty queue.
    public init() {}

    /// How many timers are scheduled.
    public var count: Int { entries.count }

    /// Whether no timer is scheduled.
    public var isEmpty: Bool { entries.isEmpty }

    /// Schedules `payload` at `deadline`, and then every `interval` after it when one is given.
    /// - Precondition: `interval`, if given, is positive.
    @discardableResult
    public mutating func schedule(
        at deadline: ContinuousClock.Instant, repeating interval: Duration? = nil, _ payload: Payload
    ) -> ID {
        if let interval { precondition(interval > .zero, "a repeating timer needs a positive interval") }
        let id = nextID
        nextID += 1
        entries[id] = Entry(deadline: deadline, interval: interval, payload: payload)
        push(HeapItem(deadline: deadline, id: id))
        return ID(value: id)
    }

    /// Cancels a timer; returns whether it was still scheduled.
    @discardableResult
    public mutating func cancel(_ id: ID) -> Bool {
        entries.removeValue(forKey: id.value) != nil
    }

    /// Whether `id` is still scheduled.
    public func contains(_ id: ID) -> Bool { entries[id.value] != nil }

    /// The deadline of timer `id`, if scheduled.
    public func deadline(of id: ID) -> ContinuousClock.Instant? { entries[id.value]?.deadline }

    /// The earliest deadline, or `nil` when nothing is scheduled.
    public mutating func nextDeadline() -> ContinuousClock.Instant? {
        discardStaleTop()
        return heap.first?.deadline
    }

    /// Removes and returns every timer due at `now`, in deadline order. Repeating timers are
    /// re-armed on their grid, after `now`.
    public mutating func popDue(at now: ContinuousClock.Instant) -> [Due] {
        var due: [Due] = []
        while true {
            discardStaleTop()
            guard let top = heap.first, top.deadline <= now else { break }
            popTop()
            guard var entry = entries[top.id] else { continue }
            var skipped = 0
            if let interval = entry.interval {
                let missed = Self.wholeIntervals(in: now - top.deadline, of: interval)
                skipped = missed
                entry.deadline = top.deadline + interval * (missed + 1)
                entries[top.id] = entry
                push(HeapItem(deadline: entry.deadline, id: top.id))
            } else {
                entries[top.id] = nil
            }
            due.append(
                Due(id: ID(value: top.id), deadline: top.deadline, skippedTicks: skipped, payload: entry.payload))
        }
        return due
    }

    /// How many whole `interval`s fit in `elapsed` (0 when `elapsed` is shorter than one).
    static func wholeIntervals(in elapsed: Duration, of interval: Duration) -> Int {
        let elapsedNanoseconds = elapsed.inNanoseconds
        let intervalNanoseconds = interval.inNanoseconds
        guard elapsedNanoseconds >= intervalNanoseconds, intervalNanoseconds > 0 else { return 0 }
        return Int(elapsedNanoseconds / intervalNanoseconds)
    }

    private mutating func discardStaleTop() {
        while let top = heap.first {
            if let entry = entries[top.id], entry.deadline == top.deadline { return }
            popTop()
        }
    }

    private mutating func push(_ item: HeapItem) {
        heap.append(item)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (truncated), as a 64-bit integer: ±292 years.
    package var inNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// The duration in seconds, as a `Double`.
    package var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
