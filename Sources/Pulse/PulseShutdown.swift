import Logging

/// pulse's stop, as pure decisions. A signal to stop goes to the heartbeat thread, which says
/// goodbye to the peer and answers with `.exit`; should it not answer within
/// ``heartbeatAnswerLimit``, pulse stops without it. Once stopping, the loop stops when lvsd is
/// gone and every VIP change is made, or, should that take too long, ``overdueDelay(lvsdStopTimeout:)``
/// later, saying what it was waiting for.
public struct PulseShutdown: Sendable {
    /// What to do, in order.
    public enum Action: Hashable, Sendable {
        /// Write a line to the log.
        case log(Logger.Level, String)
        /// Ask the heartbeat thread to stop, for this reason (the signal).
        case stopHeartbeats(String)
        /// Call ``heartbeatsDidNotAnswer(_:)`` with the signal after this delay.
        case awaitAnswer(signal: String, within: Duration)
        /// Stop: ``begin()``, then everything is let go.
        case finish
    }

    /// How long the heartbeat thread gets to answer a stop.
    public static let heartbeatAnswerLimit: Duration = .seconds(1)

    /// Whether pulse is stopping (``begin()`` was called).
    public private(set) var isStopping = false

    /// Running.
    public init() {}

    /// SIGTERM or SIGINT (`signal`) from process `sender`. `releaseLimit`: with failover services
    /// the heartbeat thread answers only once they and the VIPs are down, which may take this long.
    public func signalled(_ signal: String, from sender: Int32, releaseLimit: Duration = .zero) -> [Action] {
        if isStopping {
            return [.log(.notice, "\(signal) again while stopping; still waiting for lvsd and the VIPs to go")]
        }
        return [
            .log(.notice, "terminating due to \(signal) (from PID \(sender))"), .stopHeartbeats(signal),
            .awaitAnswer(signal: signal, within: Self.heartbeatAnswerLimit + releaseLimit),
        ]
    }

    /// The heartbeat thread did not answer `signal` in time: unless pulse is stopping already
    /// (it answered), it stops without it.
    public func heartbeatsDidNotAnswer(_ signal: String) -> [Action] {
        isStopping ? [] : [.log(.error, "the heartbeat thread did not answer \(signal); stopping without it"), .finish]
    }

    /// pulse stops; `false` when it was stopping already.
    public mutating func begin() -> Bool {
        defer { isStopping = true }
        return !isStopping
    }

    /// Whether the loop may stop: pulse is stopping, lvsd is gone and no VIP change is pending.
    public func mayStopLoop(lvsdStopped: Bool, pendingVIPChanges: Int) -> Bool {
        isStopping && lvsdStopped && pendingVIPChanges == 0
    }

    /// How long after the stop began the loop stops whatever it still waits for: lvsd's stop
    /// timeout (SIGKILL comes then) and two seconds more.
    public static func overdueDelay(lvsdStopTimeout: Duration) -> Duration { lvsdStopTimeout + .seconds(2) }

    /// The log line when the loop stops without waiting any longer.
    public static func overdueLine(lvsdStopped: Bool, pendingVIPChanges: Int) -> String {
        let waiting = [
            lvsdStopped ? nil : "lvsd did not exit after SIGKILL",
            pendingVIPChanges == 0 ? nil : "the VIPs are not confirmed down",
        ].compactMap { $0 }
        return "\(waiting.joined(separator: "; ")); exiting anyway"
    }
}
