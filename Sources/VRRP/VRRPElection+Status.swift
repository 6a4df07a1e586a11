import Heartbeat

extension VRRPElection {
    /// The state as of `now`, in the form pulse's other election reports it, with VRRP's own view
    /// in ``FailoverStatus/vrrp``.
    public func status(at now: ContinuousClock.Instant) -> FailoverStatus {
        let failoverState: FailoverState =
            switch state {
            case .initialize: .idle
            case .stopped: .stopped
            case .master: activating ? .activating : handingOverUntil != nil ? .handingOver : .active
            case .backup: faults.isEmpty ? .inactive : .faulted
            }
        let down = configuration.masterDownInterval(masterInterval: masterInterval)
        let masterAlive = lastMaster.map { now - $0.at < down } ?? false
        var status = FailoverStatus(
            role: configuration.role, state: failoverState, faults: faults.keys.sorted().map { faults[$0]! },
            peerState: nil, peerAlive: state == .backup && masterAlive, paths: [], sinceLastHeartbeat: [:],
            droppedHeartbeats: [:], table: table)
        status.takeovers = takeovers
        status.handovers = handovers
        status.vrrp = VRRPRouterStatus(
            version: Int(configuration.version.rawValue), virtualRouterID: configuration.virtualRouterID,
            priority: configuration.priority, advertInterval: configuration.advertInterval,
            preempt: configuration.preempt && !yielded,
            master: state == .master ? nil : lastMaster.map { "\($0.address)" },
            masterPriority: state == .master ? nil : lastMaster?.priority,
            sinceMasterHeard: lastMaster.map { now - $0.at }, received: received,
            dropped: Dictionary(uniqueKeysWithValues: dropped.map { ($0.key.rawValue, $0.value) }))
        return status
    }
}
