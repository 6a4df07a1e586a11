import CLVSShims
import Glibc

/// A single-threaded `poll(2)` event loop: descriptor readiness, timers on the monotonic clock
/// (`ContinuousClock`), and signals through `signalfd` (see ``handle(_:_:)``).
///
/// Everything runs on the thread that calls ``run()``: handlers are plain closures, never called
/// concurrently, and may watch, unwatch, schedule, cancel or ``stop()`` freely. The loop sleeps in
/// `ppoll` until the next deadline (nanosecond timeout), so it does not busy-loop or drift.
public final class EventLoop {
    /// What a descriptor is ready for (`POLLIN`, `POLLOUT`, `POLLHUP`, `POLLERR`).
    public struct Readiness: OptionSet, Sendable, CustomStringConvertible {
        public var rawValue: Int16
        public init(rawValue: Int16) { self.rawValue = rawValue }
        /// `POLLIN`: data (or end of file, or a connection) to read.
        public static let readable = Readiness(rawValue: Int16(POLLIN))
        /// `POLLOUT`: room to write, or a non-blocking `connect` finished.
        public static let writable = Readiness(rawValue: Int16(POLLOUT))
        /// `POLLHUP`: the peer hung up (always reported).
        public static let hangup = Readiness(rawValue: Int16(POLLHUP))
        /// `POLLERR`: an error is pending (always reported).
        public static let error = Readiness(rawValue: Int16(POLLERR))

        public var description: String {
            var names: [String] = []
            if contains(.readable) { names.append("readable") }
            if contains(.writable) { names.append("writable") }
            if contains(.hangup) { names.append("hangup") }
            if contains(.error) { names.append("error") }
            return names.isEmpty ? "none" : names.joined(separator: "|")
        }
    }

    /// Identifies a descriptor watch.
    public struct WatchID: Hashable, Sendable {
        let descriptor: CInt
        let serial: UInt64
    }

    /// Identifies a timer.
    public typealias TimerID = TimerQueue<() -> Void>.ID

    private struct Watch {
        var serial: UInt64
        var interest: Readiness
        var handler: (Readiness) -> Void
    }

    private var watches: [CInt: Watch] = [:]
    private var nextSerial: UInt64 = 1
    private var timers = TimerQueue<() -> Void>()
    private var stopRequested = false
    var signalState = SignalState()

    /// How many times the loop woke up (returned from `ppoll`): a measure of idleness in tests.
    public private(set) var wakeups = 0

    /// A loop with nothing to do yet.
    public init() {}

    deinit { closeSignals() }

    /// The current time on the loop's clock.
    public var now: ContinuousClock.Instant { .now }

    // MARK: Descriptors

    /// Calls `handler` whenever `descriptor` is ready for any of `interest` (hang-ups and errors
    /// are always reported). One watch per descriptor: watching again replaces the previous one.
    /// Unwatch before closing the descriptor.
    @discardableResult
    public func watch(
        _ descriptor: FileDescriptor, for interest: Readiness, _ handler: @escaping (Readiness) -> Void
    ) -> WatchID {
        let serial = nextSerial
        nextSerial += 1
        watches[descriptor.rawValue] = Watch(serial: serial, interest: interest, handler: handler)
        return WatchID(descriptor: descriptor.rawValue, serial: serial)
    }

    /// Changes what a watch waits for; an empty interest pauses it (hang-ups included).
    public func update(_ id: WatchID, interest: Readiness) {
        guard var watch = watches[id.descriptor], watch.serial == id.serial else { return }
        watch.interest = interest
        watches[id.descriptor] = watch
    }

    /// Removes a watch (no effect if it was already removed or replaced).
    public func unwatch(_ id: WatchID) {
        guard let watch = watches[id.descriptor], watch.serial == id.serial else { return }
        watches[id.descriptor] = nil
    }

    /// Whether the watch is still installed.
    public func isWatching(_ id: WatchID) -> Bool { watches[id.descriptor]?.serial == id.serial }

    // MARK: Timers

    /// Runs `handler` once at `deadline` (at once, on the next turn, if it has passed).
    @discardableResult
    public func schedule(at deadline: ContinuousClock.Instant, _ handler: @escaping () -> Void) -> TimerID {
        timers.schedule(at: deadline, handler)
    }

    /// Runs `handler` once after `delay`.
    @discardableResult
    public func schedule(after delay: Duration, _ handler: @escaping () -> Void) -> TimerID {
        timers.schedule(at: now + delay, handler)
    }

    /// Runs `handler` every `interval`, the first time at `first` (default: one interval from now).
    /// Runs stay on the grid `first + k·interval`; ticks missed by a whole interval are skipped.
    /// - Precondition: `interval` is positive.
    @discardableResult
    public func scheduleRepeating(
        every interval: Duration, startingAt first: ContinuousClock.Instant? = nil, _ handler: @escaping () -> Void
    ) -> TimerID {
        timers.schedule(at: first ?? now + interval, repeating: interval, handler)
    }

    /// Cancels a timer (no effect if it already ran or was cancelled).
    public func cancel(_ id: TimerID) { timers.cancel(id) }

    /// Whether a timer is still scheduled.
    public func isScheduled(_ id: TimerID) -> Bool { timers.contains(id) }

    // MARK: Running

    /// Asks ``run()`` to return after the handlers of the current turn.
    public func stop() { stopRequested = true }

    /// Runs until ``stop()`` is called, or until nothing is left to wait for (no watch, no timer).
    public func run() throws(SystemCallError) {
        stopRequested = false
        while !stopRequested {
            guard try runOnce() else { return }
        }
    }

    /// One turn: waits for the next event or deadline, then runs what is ready. Returns `false`
    /// without waiting when there is nothing to wait for.
    @discardableResult
    public func runOnce() throws(SystemCallError) -> Bool {
        var descriptors: [pollfd] = []
        descriptors.reserveCapacity(watches.count)
        var serials: [UInt64] = []
        serials.reserveCapacity(watches.count)
        for (descriptor, watch) in watches where !watch.interest.isEmpty {
            descriptors.append(pollfd(fd: descriptor, events: watch.interest.rawValue, revents: 0))
            serials.append(watch.serial)
        }
        let deadline = timers.nextDeadline()
        // Nothing can wake us: no descriptor to wait on (paused watches cannot resume without a
        // handler running) and no timer.
        if descriptors.isEmpty && deadline == nil { return false }

        let ready = try wait(on: &descriptors, until: deadline)
        wakeups += 1

        if ready > 0 {
            for (index, entry) in descriptors.enumerated() where entry.revents != 0 {
                // A handler earlier in this turn may have removed or replaced this watch.
                guard let watch = watches[entry.fd], watch.serial == serials[index] else { continue }
                watch.handler(Readiness(rawValue: entry.revents))
            }
        }
        for due in timers.popDue(at: now) {
            due.payload()
        }
        return true
    }

    private func wait(on descriptors: inout [pollfd], until deadline: ContinuousClock.Instant?) throws(SystemCallError) -> Int32 {
        let count = nfds_t(descriptors.count)
        while true {
            let result: Int32
            if let deadline {
                var timeout = Self.timespecRoundingUp(max(.zero, deadline - now))
                result = descriptors.withUnsafeMutableBufferPointer { lvs_ppoll($0.baseAddress, count, &timeout) }
            } else {
                result = descriptors.withUnsafeMutableBufferPointer { lvs_ppoll($0.baseAddress, count, nil) }
            }
            if result >= 0 { return result }
            let code = Glibc.errno
            // EINTR: a signal with a handler arrived (ours are blocked and read from signalfd);
            // recompute the timeout and wait again.
            if code == EINTR { continue }
            throw SystemCallError(call: "ppoll", errno: code)
        }
    }

    /// Rounded up to the nanosecond, so the loop never wakes just before a deadline.
    static func timespecRoundingUp(_ duration: Duration) -> timespec {
        var (seconds, attoseconds) = duration.components
        var nanoseconds = (attoseconds + 999_999_999) / 1_000_000_000
        if nanoseconds >= 1_000_000_000 {
            seconds += 1
            nanoseconds -= 1_000_000_000
        }
        return timespec(tv_sec: Int(seconds), tv_nsec: Int(nanoseconds))
    }
}
