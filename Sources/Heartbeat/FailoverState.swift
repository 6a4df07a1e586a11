/// Where the failover state machine is.
public enum FailoverState: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Created, not started.
    case idle
    /// Started, inactive, has not heard from the peer yet: waits up to `deadtime` to learn whether
    /// the peer is active before activating.
    case listening
    /// Standing by, healthy.
    case inactive
    /// The partner hands over on purpose and serves meanwhile: waiting for this director's table
    /// to be ready (at most the preparation limit) before taking the VIPs.
    case preparing
    /// Asked pulse to activate; waiting for it to report the outcome.
    case activating
    /// Holding the VIPs.
    case active
    /// Manual failover: still holding the VIPs, waiting for the peer to announce it is active.
    case handingOver = "handing-over"
    /// Failover services only: stopping the services, then the VIPs, while still announcing
    /// *active*, so that the partner starts them only once they have stopped here.
    case releasing
    /// Failover services only: the services and VIPs are stopped here; announcing *handing over*
    /// until the partner is active (or taking them back if it does not take over).
    case handedOver = "handed-over"
    /// Takeover: inactive, waiting for the active peer to hand over.
    case requestingTakeover = "requesting-takeover"
    /// Inactive because of a fault; does not activate until the fault clears.
    case faulted
    /// Stopped (SIGTERM); ignores everything.
    case stopped

    /// Whether pulse holds (or is taking) the VIPs in this state.
    public var holdsVIPs: Bool {
        self == .activating || self == .active || self == .handingOver || self == .releasing
    }

    public var description: String { rawValue }
}
