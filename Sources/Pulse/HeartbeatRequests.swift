import Heartbeat

/// The control requests waiting for the heartbeat thread's answer, and whether another may wait:
/// hand-overs (`failover`, `takeover`) and reloads' new timing by identifier, status requests
/// coalesced (the machine's status is asked for once, however many wait for it). It keeps the
/// waiters and decides; ``PulseNode`` posts the requests and calls the waiters.
public struct HeartbeatRequests {
    /// Hand-over requests that may wait at once: beyond this, one is answered "busy".
    public static let handOverLimit = 64

    /// Waits for the machine's status.
    public typealias StatusWaiter = (FailoverStatus) -> Void
    /// Waits for the machine's answer to a hand-over (nil: it is stopping) and its status after.
    public typealias HandOverWaiter = (FailoverAnswer?, FailoverStatus) -> Void
    /// Waits for a reload's timing to be taken (nil) or refused (why).
    public typealias ReconfigurationWaiter = (String?) -> Void

    /// What becomes of a hand-over request.
    public enum HandOverAdmission: Equatable, Sendable {
        /// Answered at once with this error.
        case refused(String)
        /// Waits: post it to the heartbeat thread with this identifier.
        case forwarded(id: UInt64)
    }

    private var statusWaiters: [StatusWaiter] = []
    private var handOvers: [UInt64: HandOverWaiter] = [:]
    private var reconfigurations: [UInt64: ReconfigurationWaiter] = [:]
    private var nextID: UInt64 = 1

    /// Nothing waiting.
    public init() {}

    /// Hand-over requests waiting.
    public var waitingHandOvers: Int { handOvers.count }

    /// A status request; `true` when the heartbeat thread must be asked (none was waiting). While
    /// pulse stops nobody is answered: the request is dropped.
    public mutating func awaitStatus(_ waiter: @escaping StatusWaiter, stopping: Bool) -> Bool {
        guard !stopping else { return false }
        statusWaiters.append(waiter)
        return statusWaiters.count == 1
    }

    /// The machine's status came: everyone waiting for it, in order.
    public mutating func statusArrived() -> [StatusWaiter] {
        defer { statusWaiters = [] }
        return statusWaiters
    }

    /// A hand-over request: refused while pulse stops or when too many wait already.
    public mutating func awaitHandOver(_ waiter: @escaping HandOverWaiter, stopping: Bool) -> HandOverAdmission {
        guard !stopping else { return .refused("pulse is stopping") }
        guard handOvers.count < Self.handOverLimit else {
            return .refused("pulse is busy: \(handOvers.count) hand-over requests wait already")
        }
        let id = takeID()
        handOvers[id] = waiter
        return .forwarded(id: id)
    }

    /// The machine answered hand-over `id`: who waits for it.
    public mutating func handOverAnswered(_ id: UInt64) -> HandOverWaiter? { handOvers.removeValue(forKey: id) }

    /// A reload's timing to hand to the heartbeat thread: its identifier.
    public mutating func awaitReconfiguration(_ waiter: @escaping ReconfigurationWaiter) -> UInt64 {
        let id = takeID()
        reconfigurations[id] = waiter
        return id
    }

    /// The heartbeat thread took (or refused) reconfiguration `id`: who waits for it.
    public mutating func reconfigured(_ id: UInt64) -> ReconfigurationWaiter? {
        reconfigurations.removeValue(forKey: id)
    }

    private mutating func takeID() -> UInt64 {
        defer { nextID += 1 }
        return nextID
    }
}
