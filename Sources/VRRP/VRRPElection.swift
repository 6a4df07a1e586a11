import Addressing
import Heartbeat

/// VRRP's election for pulse (RFC 5798 §6.4; RFC 3768 for v2), with keepalived's habits where the
/// RFCs leave room, so that pulse can pair with keepalived or a router. Pure: events, received
/// advertisements and the time in; ``VRRPAction``s out.
///
/// A backup listens; when no master has advertised for Master_Down_Interval (three intervals and
/// a skew that is shorter the higher its priority) it becomes master: it advertises, brings the
/// VIPs up and sends gratuitous ARPs. A master advertises every interval, gives way to a higher
/// priority (or an equal one from a higher address), and answers a lower one with its own
/// advertisement and a round of gratuitous ARPs, so that a collision ends with the right MACs in
/// the neighbours' caches. A master that stops sends priority 0, and a backup takes over after
/// its skew alone.
///
/// pulse's own conditions come on top: a fault (lvsd cannot be kept running, a monitored link is
/// down, an activation failed) makes a master let go with priority 0 and keeps the node from
/// becoming master; a backup whose table is not ready yet does not preempt a live master (it still
/// takes over from a dead one); `lvsctl failover` advertises priority 0 but keeps the VIPs until the
/// new master's first advertisement arrives (so that the VIPs never go without an owner during a
/// planned hand-over), and stops preempting until that master goes quiet or an admin takes over.
public struct VRRPElection: Sendable {
    /// Where the router is.
    public enum State: String, Hashable, Sendable {
        /// Created, not started.
        case initialize
        /// Listening to a master (or for one).
        case backup
        /// Holding the VIPs and advertising.
        case master
        /// Stopped.
        case stopped
    }

    /// The settings.
    public private(set) var configuration: VRRPElectionConfiguration
    /// Where the router is.
    public private(set) var state = State.initialize

    /// A master that has not heard back from pulse that its VIPs are up.
    var activating = false
    var masterDownAt: ContinuousClock.Instant?
    var nextAdvertAt: ContinuousClock.Instant?
    var nextGratuitousARPAt: ContinuousClock.Instant?
    var gratuitousARPRoundsLeft = 0
    /// The master's interval (v3: adopted from its advertisements).
    var masterIntervalCentiseconds: UInt16
    /// Until when preemption waits (`vrrp_preempt_delay`): as keepalived, counted from the first
    /// lower-priority advertisement heard in backup, and forgotten when a master of equal or
    /// higher priority is heard or the router enters backup again.
    var preemptHeldUntil: ContinuousClock.Instant?
    /// `lvsctl failover` made this router give way: it does not preempt until the master it gave
    /// way to goes quiet, or an admin takes over.
    var yielded = false
    var faults: [FailoverFault: String] = [:]
    var table = TableReadiness.unreported
    /// The last master whose advertisement this router accepted (or heard, as master).
    var lastMaster: HeardMaster?
    /// Why the pending master-down timer was shortened (a master said it stops), for the log.
    var shortenedBecause: String?
    /// `lvsctl failover` on the master: until when it keeps the VIPs, advertising priority 0, for
    /// a backup to take over.
    var handingOverUntil: ContinuousClock.Instant?
    var dropped: [VRRPDropReason: Int] = [:]
    /// When a drop of each reason was last logged (one line per reason per 10 s).
    var dropLogged: [VRRPDropReason: ContinuousClock.Instant] = [:]
    /// When a lower-priority master was last answered in the log.
    var lowerMasterLogged: ContinuousClock.Instant?
    var received = 0
    var takeovers = 0
    var handovers = 0

    /// A master heard on the link.
    struct HeardMaster: Hashable, Sendable {
        var address: IPAddress
        var priority: UInt8
        var at: ContinuousClock.Instant
    }

    /// A router that has not started.
    public init(configuration: VRRPElectionConfiguration) {
        self.configuration = configuration
        masterIntervalCentiseconds = configuration.advertIntervalCentiseconds
    }

    /// Takes a reload's configuration: the addresses and the gratuitous ARP settings change at
    /// once (the next advertisement carries them); pulse keeps the rest as it runs until a
    /// restart.
    public mutating func reconfigure(_ new: VRRPElectionConfiguration) {
        configuration = new
    }

    /// Whether the router holds (or is taking) the VIPs.
    public var holdsVIPs: Bool { state == .master }

    /// Handles one of pulse's events at `now`.
    public mutating func handle(_ event: FailoverEvent, at now: ContinuousClock.Instant) -> [VRRPAction] {
        var actions: [VRRPAction] = []
        guard state != .stopped else { return actions }
        switch event {
        case .start:
            start(at: now, into: &actions)
        case .tick:
            tick(at: now, into: &actions)
        case .heartbeatReceived, .heartbeatDropped, .echoRequested, .lvsdStopped:
            break
        case .activationFinished:
            if state == .master, activating {
                activating = false
                log(.notice, "the VIPs are up: master of virtual router \(configuration.virtualRouterID)", &actions)
            }
        case .activationFailed(let reason):
            activating = false
            setFault(.activationFailed, reason, at: now, into: &actions)
        case .deactivationFinished:
            log(.info, "the VIPs are down", &actions)
        case .tableChanged(let readiness):
            table = readiness
            if readiness == .ready {
                clearFaults([.lvsdFailed, .activationFailed], because: "the table is ready", at: now, into: &actions)
            }
        case .lvsdFailed(let reason):
            setFault(.lvsdFailed, reason, at: now, into: &actions)
        case .linkDown(let name):
            setFault(.linkDown(name), "link \(name) is down", at: now, into: &actions)
        case .linkUp(let name):
            clearFaults([.linkDown(name)], because: "link \(name) is up", at: now, into: &actions)
        case .failoverRequested:
            failoverRequested(at: now, into: &actions)
        case .takeoverRequested:
            takeoverRequested(at: now, into: &actions)
        case .stalled(let length):
            stalled(length, at: now, into: &actions)
        case .stop(let reason):
            stop(reason, into: &actions)
            return actions
        }
        wake(&actions)
        return actions
    }

    /// The earliest time something is due.
    public var nextWakeUp: ContinuousClock.Instant? {
        guard state != .initialize, state != .stopped else { return nil }
        return [masterDownAt, nextAdvertAt, nextGratuitousARPAt, handingOverUntil].compactMap { $0 }.min()
    }

    func wake(_ actions: inout [VRRPAction]) {
        if let next = nextWakeUp { actions.append(.failover(.wakeUp(at: next))) }
    }

    // MARK: - Start, tick, stop

    private mutating func start(at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        let c = configuration
        log(
            .notice,
            "starting as \(c.role): VRRPv\(c.version.rawValue) virtual router \(c.virtualRouterID), priority "
                + "\(c.priority), advertising every \(c.advertInterval)\(c.preempt ? "" : ", no preemption")",
            &actions)
        actions.append(.failover(.startLVSD))
        if c.forceActive {
            becomeMaster("forced active on startup", at: now, into: &actions)
        } else {
            enterBackup(at: now)
        }
    }

    private mutating func tick(at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        switch state {
        case .master:
            if let deadline = handingOverUntil, now >= deadline {
                handingOverUntil = nil
                yielded = false
                log(
                    .warning,
                    "failover: no other router took over within \(configuration.handOverLimit): keeping the VIPs, "
                        + "advertising priority \(configuration.priority) again", &actions)
                advertiseNow(at: now, into: &actions)
            }
            if let due = nextAdvertAt, now >= due {
                actions.append(.advertise(priority: advertisedPriority))
                // Keep the rhythm, but never send a burst after a stall.
                let next = due + configuration.advertInterval
                nextAdvertAt = next > now ? next : now + configuration.advertInterval
            }
            if let due = nextGratuitousARPAt, now >= due {
                if gratuitousARPRoundsLeft > 0 {
                    actions.append(.failover(.sendGratuitousARPs))
                    gratuitousARPRoundsLeft -= 1
                }
                nextGratuitousARPAt = gratuitousARPRoundsLeft > 0 ? now + configuration.gratuitousARPInterval : nil
            }
        case .backup:
            guard let due = masterDownAt, now >= due else { return }
            masterDownAt = nil
            let down = configuration.masterDownInterval(masterInterval: masterInterval)
            let reason: String
            if let shortened = shortenedBecause {
                reason = shortened
            } else if let master = lastMaster, now - master.at < down {
                reason = "preempting master \(master.address) (priority \(master.priority))"
            } else if let master = lastMaster {
                reason = "no advertisement from \(master.address) for \(now - master.at)"
            } else {
                reason = "no master advertised within \(down)"
            }
            yielded = false
            becomeMaster(reason, at: now, into: &actions)
        case .initialize, .stopped:
            break
        }
    }

    private mutating func stop(_ reason: String, into actions: inout [VRRPAction]) {
        let held = state == .master
        log(.notice, "terminating (\(reason))\(held ? ": advertising priority 0, deactivating" : "")", &actions)
        state = .stopped
        if held {
            actions.append(.advertise(priority: VRRPAdvertisement.stoppingPriority))
            actions.append(.failover(.deactivate))
            handovers += 1
        }
        actions.append(.failover(.exit))
    }

    /// The VIP guard took the VIPs down while this node was stalled: the backup has taken over.
    private mutating func stalled(
        _ length: Duration, at now: ContinuousClock.Instant, into actions: inout [VRRPAction]
    ) {
        guard state == .master else { return }
        log(.warning, "stalled for \(length): the VIP guard took the VIPs down; listening again as backup", &actions)
        leaveMaster(at: now, into: &actions)
    }

    // MARK: - Transitions

    var masterInterval: Duration { .milliseconds(Int64(masterIntervalCentiseconds) * 10) }

    /// Becomes backup and waits Master_Down_Interval for a master.
    mutating func enterBackup(at now: ContinuousClock.Instant) {
        state = .backup
        activating = false
        preemptHeldUntil = nil
        shortenedBecause = nil
        handingOverUntil = nil
        nextAdvertAt = nil
        nextGratuitousARPAt = nil
        gratuitousARPRoundsLeft = 0
        masterDownAt = faults.isEmpty ? now + configuration.masterDownInterval(masterInterval: masterInterval) : nil
    }

    /// Advertises, then asks pulse to bring the VIPs up (pulse sends the first gratuitous ARPs).
    mutating func becomeMaster(_ reason: String, at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        guard faults.isEmpty else { return }
        log(.notice, "\(reason): becoming master (priority \(configuration.priority)), activating", &actions)
        state = .master
        activating = true
        masterDownAt = nil
        takeovers += 1
        advertiseNow(at: now, into: &actions)
        actions.append(.failover(.activate))
        gratuitousARPRoundsLeft = max(0, configuration.gratuitousARPCount - 1)
        nextGratuitousARPAt = gratuitousARPRoundsLeft > 0 ? now + configuration.gratuitousARPInterval : nil
    }

    /// What a master advertises: its priority, or 0 while it hands over (`lvsctl failover`).
    var advertisedPriority: UInt8 {
        handingOverUntil == nil ? configuration.priority : VRRPAdvertisement.stoppingPriority
    }

    /// A master's advertisement now, out of rhythm; the next one an interval later.
    mutating func advertiseNow(at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        actions.append(.advertise(priority: advertisedPriority))
        nextAdvertAt = now + configuration.advertInterval
    }

    /// Stops being master without a word (another master has the VIPs): VIPs down, listening.
    mutating func leaveMaster(at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        guard state == .master else { return }
        handovers += 1
        actions.append(.failover(.deactivate))
        enterBackup(at: now)
    }

    /// Stops being master on purpose: priority 0 first, so that a backup takes over after its skew.
    mutating func resign(at now: ContinuousClock.Instant, into actions: inout [VRRPAction]) {
        guard state == .master else { return }
        actions.append(.advertise(priority: VRRPAdvertisement.stoppingPriority))
        leaveMaster(at: now, into: &actions)
    }

    // MARK: - Faults

    mutating func setFault(
        _ fault: FailoverFault, _ reason: String, at now: ContinuousClock.Instant, into actions: inout [VRRPAction]
    ) {
        let first = faults.isEmpty
        faults[fault] = reason
        if state == .master {
            log(.error, "\(reason): giving up the VIPs (advertising priority 0)", &actions)
            resign(at: now, into: &actions)
        } else if first {
            log(.warning, "\(reason): this director will not become master until it clears", &actions)
        }
        masterDownAt = nil
    }

    mutating func clearFaults(
        _ cleared: [FailoverFault], because reason: String, at now: ContinuousClock.Instant,
        into actions: inout [VRRPAction]
    ) {
        let before = faults.count
        for fault in cleared { faults[fault] = nil }
        guard faults.count < before else { return }
        guard faults.isEmpty else {
            log(
                .info, "\(reason); still faulty: \(faults.keys.sorted().map(\.description).joined(separator: ", "))",
                &actions)
            return
        }
        log(.notice, "\(reason): faults cleared, listening as backup", &actions)
        if state == .backup { enterBackup(at: now) }
    }

    // MARK: - Log

    func log(_ severity: FailoverLogSeverity, _ message: String, _ actions: inout [VRRPAction]) {
        actions.append(.failover(.log(FailoverLogEntry(severity, message))))
    }
}
