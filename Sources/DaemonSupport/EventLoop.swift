import CLVSShims
import Glibc

/// A single-threaded `epoll(7)` event loop: descriptor readiness, timers on the monotonic clock
/// (`ContinuousClock`), and signals through `signalfd` (see ``handle(_:_:)``). Every daemon of
/// the suite runs on it: a turn costs the same with 3 descriptors or 1,000 nannies' sockets.
///
/// Everything runs on the thread that calls ``run()``: handlers are plain closures, never called
/// concurrently, and may watch, unwatch, schedule, cancel or ``stop()`` freely. Changes to watches
/// reach the kernel at the start of the next turn. The loop sleeps in `epoll_pwait2` until the
/// next deadline (nanosecond timeout), so it does not busy-loop or drift.
///
/// Registrations are one-shot and re-armed after each event: a descriptor closed without
/// ``unwatch(_:)`` while a copy of it lives on elsewhere can fire once more, never forever.
/// Descriptors epoll refuses (regular files) count as always ready, as `poll` has them.
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

    /// What the kernel's epoll set holds for a descriptor.
    private struct Registration {
        var serial: UInt64
        var events: UInt32
        var armed: Bool
    }

    private var watches: [CInt: Watch] = [:]
    private var registrations: [CInt: Registration] = [:]
    /// Registrations by serial, the token epoll gives back.
    private var descriptorsBySerial: [UInt64: CInt] = [:]
    /// Descriptors whose watch changed or fired since the kernel's set was last brought up to date.
    private var unsynced: Set<CInt> = []
    /// Descriptors epoll refuses (`EPERM`: regular files, `/dev/null`): always ready, as in `poll`.
    private var alwaysReady: [CInt: UInt64] = [:]
    /// Descriptors that turned out to be closed: their handlers hear `.error` once.
    private var invalid: [CInt: UInt64] = [:]
    private let epoll: CInt
    private let epollCreationErrno: CInt
    private var tokens = [UInt64](repeating: 0, count: 256)
    private var readyEvents = [UInt32](repeating: 0, count: 256)
    private var nextSerial: UInt64 = 1
    private var timers = TimerQueue<() -> Void>()
    private var stopRequested = false
    var signalState = SignalState()

    /// How many times the loop woke up (returned from `ppoll`): a measure of idleness in tests.
    public private(set) var wakeups = 0

    /// A loop with nothing to do yet. (Should the kernel refuse an epoll set, ``run()`` says so.)
    public init() {
        epoll = lvs_epoll_create()
        epollCreationErrno = epoll < 0 ? Glibc.errno : 0
    }

    deinit {
        closeSignals()
        if epoll >= 0 { Glibc.close(epoll) }
    }

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
        unsynced.insert(descriptor.rawValue)
        return WatchID(descriptor: descriptor.rawValue, serial: serial)
    }

    /// Changes what a watch waits for; an empty interest pauses it (hang-ups included).
    public func update(_ id: WatchID, interest: Readiness) {
        guard var watch = watches[id.descriptor], watch.serial == id.serial else { return }
        watch.interest = interest
        watches[id.descriptor] = watch
        unsynced.insert(id.descriptor)
    }

    /// Removes a watch (no effect if it was already removed or replaced).
    public func unwatch(_ id: WatchID) {
        guard let watch = watches[id.descriptor], watch.serial == id.serial else { return }
        watches[id.descriptor] = nil
        unsynced.insert(id.descriptor)
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
        guard epoll >= 0 else { throw SystemCallError(call: "epoll_create1", errno: epollCreationErrno) }
        syncRegistrations()
        let deadline = timers.nextDeadline()
        let immediate = !alwaysReady.isEmpty || !invalid.isEmpty
        // Nothing can wake us: no descriptor to wait on (paused watches cannot resume without a
        // handler running) and no timer.
        if registrations.isEmpty && !immediate && deadline == nil { return false }

        let ready = try wait(until: immediate ? now : deadline)
        wakeups += 1

        for index in 0..<Int(ready) {
            let serial = tokens[index]
            // A one-shot registration is disarmed once it fired; it is re-armed next turn.
            guard let descriptor = descriptorsBySerial[serial] else { continue }
            registrations[descriptor]?.armed = false
            unsynced.insert(descriptor)
            dispatch(
                descriptor, serial: serial, Readiness(rawValue: Int16(truncatingIfNeeded: readyEvents[index] & 0x1F)))
        }
        for (descriptor, serial) in alwaysReady {
            guard let interest = watches[descriptor]?.interest else { continue }
            dispatch(descriptor, serial: serial, interest.intersection([.readable, .writable]))
        }
        let closed = invalid
        invalid = [:]
        for (descriptor, serial) in closed { dispatch(descriptor, serial: serial, .error) }
        for due in timers.popDue(at: now) {
            due.payload()
        }
        return true
    }

    /// Runs the handler of the watch `serial` on `descriptor`, unless a handler earlier in this
    /// turn removed or replaced it.
    private func dispatch(_ descriptor: CInt, serial: UInt64, _ readiness: Readiness) {
        guard let watch = watches[descriptor], watch.serial == serial, !watch.interest.isEmpty else { return }
        watch.handler(readiness)
    }

    /// Brings the kernel's epoll set up to date with the watches: added, changed, paused,
    /// removed, and re-armed after an event.
    private func syncRegistrations() {
        for descriptor in unsynced {
            let wanted = watches[descriptor].flatMap { $0.interest.isEmpty ? nil : $0 }
            let current = registrations[descriptor]
            alwaysReady[descriptor] = nil
            guard let wanted else {
                if let current {
                    _ = lvs_epoll_control(epoll, LVS_EPOLL_CTL_DEL, descriptor, 0, 0)
                    forget(descriptor, current)
                }
                continue
            }
            let events = UInt32(UInt16(bitPattern: wanted.interest.rawValue)) & (LVS_EPOLLIN | LVS_EPOLLOUT)
            if let current, current.armed, current.serial == wanted.serial, current.events == events { continue }
            var result: CInt = -1
            if current != nil {
                result = lvs_epoll_control(epoll, LVS_EPOLL_CTL_MOD, descriptor, events, wanted.serial)
                // Closed and its number reused since: the kernel forgot the old registration.
                if result != 0 && Glibc.errno == ENOENT {
                    result = lvs_epoll_control(epoll, LVS_EPOLL_CTL_ADD, descriptor, events, wanted.serial)
                }
            } else {
                result = lvs_epoll_control(epoll, LVS_EPOLL_CTL_ADD, descriptor, events, wanted.serial)
                if result != 0 && Glibc.errno == EEXIST {
                    result = lvs_epoll_control(epoll, LVS_EPOLL_CTL_MOD, descriptor, events, wanted.serial)
                }
            }
            let code = Glibc.errno
            if let current { forget(descriptor, current) }
            if result == 0 {
                registrations[descriptor] = Registration(serial: wanted.serial, events: events, armed: true)
                descriptorsBySerial[wanted.serial] = descriptor
            } else if code == EPERM {
                alwaysReady[descriptor] = wanted.serial
            } else {
                invalid[descriptor] = wanted.serial
            }
        }
        unsynced.removeAll(keepingCapacity: true)
    }

    private func forget(_ descriptor: CInt, _ registration: Registration) {
        registrations[descriptor] = nil
        descriptorsBySerial[registration.serial] = nil
    }

    private func wait(until deadline: ContinuousClock.Instant?) throws(SystemCallError) -> Int32 {
        let capacity = Int32(tokens.count)
        while true {
            let result: Int32
            if let deadline {
                var timeout = Self.timespecRoundingUp(max(.zero, deadline - now))
                result = tokens.withUnsafeMutableBufferPointer { tokens in
                    readyEvents.withUnsafeMutableBufferPointer { events in
                        lvs_epoll_wait(epoll, tokens.baseAddress, events.baseAddress, capacity, &timeout)
                    }
                }
            } else {
                result = tokens.withUnsafeMutableBufferPointer { tokens in
                    readyEvents.withUnsafeMutableBufferPointer { events in
                        lvs_epoll_wait(epoll, tokens.baseAddress, events.baseAddress, capacity, nil)
                    }
                }
            }
            if result >= 0 { return result }
            let code = Glibc.errno
            // EINTR: a signal with a handler arrived (ours are blocked and read from signalfd);
            // recompute the timeout and wait again.
            if code == EINTR { continue }
            throw SystemCallError(call: "epoll_pwait2", errno: code)
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
