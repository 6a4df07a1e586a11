import Control
import Heartbeat
import Units
import Interfaces
import LVSConfig

extension PulseStatus {
    /// The control socket's answer to `status`, from the state machine's snapshot, the settings
    /// and what pulse holds.
    public init(
        failover: FailoverStatus, settings: PulseSettings, heldAddresses: [VirtualAddress], lvsd: LVSDProcess
    ) {
        let state: State = failover.state.holdsVIPs ? .active : .inactive
        let peerState: PeerState
        switch failover.peerState {
        case nil:
            peerState = failover.sinceLastHeartbeat.isEmpty ? .unknown : .dead
        case .stopping?:
            peerState = .dead
        case let announced?:
            if !failover.peerAlive {
                peerState = .dead
            } else {
                peerState = announced.holdsVIPs ? .active : .inactive
            }
        }
        let paths = failover.paths.map { path in
            HeartbeatPath(
                name: path.description, peerAddress: settings.peer?.address(on: path)?.description ?? "",
                lastHeartbeatAge: failover.sinceLastHeartbeat[path].map(Self.seconds),
                received: failover.receivedHeartbeats[path] ?? 0)
        }
        self.init(
            role: failover.role == .primary ? .primary : .backup, state: state, peerState: peerState,
            heartbeatPaths: paths, virtualAddresses: heldAddresses.map(\.description))
        failoverState = failover.state.rawValue
        peerAnnouncedState = failover.peerState?.description
        faults = failover.faults
        address = settings.localAddress.description
        peerAddress = settings.peer?.publicAddress.description
        if !failover.droppedHeartbeats.isEmpty {
            droppedHeartbeats = Dictionary(
                uniqueKeysWithValues: failover.droppedHeartbeats.map { ($0.key.rawValue, $0.value) })
        }
        table = Self.table(failover.table)
        peerTable = failover.peerTable.map(Self.table)
        pendingHandover = failover.pendingHandover
        // With VRRP, the advertisement interval (in `vrrp`) stands in for both.
        if settings.vrrp == nil {
            keepalive = Self.seconds(settings.keepalive)
            deadtime = Self.seconds(settings.deadtime)
        }
        self.lvsd = lvsd
        configSerial = ConfigFingerprint.text(settings.configSerial)
        peerConfigSerial = failover.peerConfigSerial.map(ConfigFingerprint.text)
        takeovers = failover.takeovers
        handovers = failover.handovers
        if let router = failover.vrrp { describe(router, state: failover.state, masterAlive: failover.peerAlive) }
    }

    /// With VRRP: the virtual router, and the peer as VRRP lets a director know it (a backup hears
    /// the master; a master hears nothing from a backup, which is silent).
    private mutating func describe(_ router: VRRPRouterStatus, state: FailoverState, masterAlive: Bool) {
        vrrp = VRRPStatus(
            version: router.version, virtualRouterID: Int(router.virtualRouterID), priority: Int(router.priority),
            advertInterval: Self.seconds(router.advertInterval), preempt: router.preempt, master: router.master,
            masterPriority: router.masterPriority.map(Int.init),
            sinceMasterHeard: router.sinceMasterHeard.map(Self.seconds),
            received: router.received)
        if !router.dropped.isEmpty { droppedHeartbeats = router.dropped }
        if state.holdsVIPs {
            peerState = .unknown
        } else if router.master != nil {
            peerState = masterAlive ? .active : .dead
        }
    }

    static func table(_ readiness: TableReadiness) -> Table {
        switch readiness {
        case .unreported: Table(state: "unreported", acceptsHandover: true)
        case .cold: Table(state: "cold", acceptsHandover: true)
        case .down: Table(state: "down", acceptsHandover: false)
        case .checking(let awaiting): Table(state: "checking", awaitingFirstCheck: awaiting, acceptsHandover: false)
        case .ready: Table(state: "ready", acceptsHandover: true)
        }
    }

    static func seconds(_ duration: Duration) -> Double { duration.secondsValue }
}
