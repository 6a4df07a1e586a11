/// The bounds the demo holds each step to. They follow from lvs.cf (check interval, reentry,
/// deadtime) plus room for the emulated guest, where every process start costs 50–165 ms.
public struct DemoLimits: Sendable, Hashable {
    /// Lab built, pulses started, the primary serving every real server.
    public var startUp: Duration
    /// A stopped real server out of the table: one check interval, plus lvsd's reaction.
    public var serverLeaves: Duration
    /// A restarted real server back in the table, at the latest: reentry, one more check, and
    /// lvsd's reaction. (Never sooner than reentry.)
    public var serverReturns: Duration
    /// The backup active after the primary crashed: deadtime, plus activation.
    public var takeover: Duration
    /// The VIP unanswered around a crash: deadtime, activation, lvsd and the first checks.
    public var crashSilence: Duration
    /// A rebooted primary standing by.
    public var standBy: Duration
    /// `lvsctl failover` done: the peer active and this director inactive.
    public var manualFailover: Duration
    /// The VIP unanswered around a manual failover.
    public var failoverSilence: Duration
    /// The whole demo, lab built and taken down (the issue asks for under 3 minutes; the guest's
    /// boot, about 4 s, comes on top).
    public var whole: Duration

    /// The limits for `plan`'s timings.
    public init(plan: LabPlan) {
        let interval = Duration.seconds(plan.checkInterval)
        let deadtime = plan.deadtimeDuration
        startUp = .seconds(60)
        serverLeaves = interval + .seconds(2)
        serverReturns = .seconds(plan.reentry) + interval + .seconds(3)
        takeover = deadtime + .seconds(3)
        crashSilence = deadtime + .seconds(6)
        standBy = .seconds(30)
        manualFailover = .seconds(5)
        failoverSilence = deadtime + .seconds(3)
        whole = .seconds(170)
    }
}
