import Addressing
import Heartbeat

/// What VRRP's election needs from lvs.cf and pulse's command line: one virtual router, seen from
/// this director.
public struct VRRPElectionConfiguration: Hashable, Sendable {
    /// This director's role in lvs.cf (for the status; VRRP itself elects by priority).
    public var role: FailoverRole
    /// VRRPv2 (IPv4, whole seconds) or VRRPv3.
    public var version: VRRPAdvertisement.Version
    /// The virtual router id both routers share (`vrrp_id`).
    public var virtualRouterID: UInt8
    /// This director's priority (1-254): the higher one is master.
    public var priority: UInt8
    /// The interval between a master's advertisements, in centiseconds.
    public var advertIntervalCentiseconds: UInt16
    /// Whether a higher-priority backup takes over from a live lower-priority master.
    public var preempt: Bool
    /// How long after start a backup waits before it preempts a lower-priority master.
    public var preemptDelay: Duration
    /// The address this director's advertisements come from (over IPv6 to the group, its
    /// link-local address): an equal priority goes to the higher one.
    public var ownAddress: IPAddress
    /// The VIPs (and `nat_router`), carried in every advertisement.
    public var addresses: [IPAddress]
    /// Gratuitous ARP rounds per takeover, the first (sent by pulse while activating) included.
    public var gratuitousARPCount: Int
    /// Spacing of those rounds.
    public var gratuitousARPInterval: Duration
    /// `--forceactive`: become master at start without listening first.
    public var forceActive: Bool

    /// Creates a configuration and checks it.
    public init(
        role: FailoverRole, version: VRRPAdvertisement.Version, virtualRouterID: UInt8, priority: UInt8,
        advertIntervalCentiseconds: UInt16 = 100, preempt: Bool = true, preemptDelay: Duration = .zero,
        ownAddress: IPAddress, addresses: [IPAddress], gratuitousARPCount: Int = 5,
        gratuitousARPInterval: Duration = .seconds(1), forceActive: Bool = false
    ) throws(VRRPConfigurationError) {
        self.role = role
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.advertIntervalCentiseconds = advertIntervalCentiseconds
        self.preempt = preempt
        self.preemptDelay = preemptDelay
        self.ownAddress = ownAddress
        self.addresses = addresses
        self.gratuitousARPCount = gratuitousARPCount
        self.gratuitousARPInterval = gratuitousARPInterval
        self.forceActive = forceActive
        guard virtualRouterID > 0 else { throw .init("the virtual router id must be 1-255 (is 0)") }
        guard (1...254).contains(priority) else {
            throw .init("the priority must be 1-254 (is \(priority)): 255 is for the owner of the addresses")
        }
        guard (1...VRRPAdvertisement.maximumCentiseconds).contains(advertIntervalCentiseconds) else {
            throw .init("the advertisement interval must be 1-4095 centiseconds (is \(advertIntervalCentiseconds))")
        }
        guard version == .v3 || advertIntervalCentiseconds % 100 == 0 else {
            throw .init(
                "VRRPv2 advertises whole seconds: \(advertIntervalCentiseconds) centiseconds cannot be sent "
                    + "(use version 3 for fractions)")
        }
        guard version == .v3 || ownAddress.family == .inet else { throw .init("VRRPv2 is for IPv4 only") }
        guard !addresses.isEmpty else { throw .init("a virtual router needs at least one address") }
        guard addresses.allSatisfy({ $0.family == ownAddress.family }) else {
            throw .init("every address of a virtual router is of one family (\(ownAddress.family))")
        }
        guard addresses.count <= 255 else { throw .init("at most 255 addresses fit an advertisement") }
        guard gratuitousARPCount >= 0 else { throw .init("garp_count must not be negative") }
        guard preemptDelay >= .zero else { throw .init("the preempt delay must not be negative") }
    }

    /// The advertisement interval as a duration.
    public var advertInterval: Duration { .milliseconds(Int64(advertIntervalCentiseconds) * 10) }

    /// Skew_Time for a master advertising every `masterInterval`: v2 (RFC 3768) `(256 − priority)
    /// / 256` s; v3 (RFC 5798) `((256 − priority) × interval) / 256`. The higher a backup's
    /// priority, the sooner it takes over.
    public func skew(masterInterval: Duration) -> Duration {
        let share = Double(256 - Int(priority)) / 256
        return version == .v2 ? .seconds(share) : masterInterval * share
    }

    /// Master_Down_Interval: three missed advertisements and the skew.
    public func masterDownInterval(masterInterval: Duration) -> Duration {
        masterInterval * 3 + skew(masterInterval: masterInterval)
    }

    /// How long a master handing over on purpose keeps the VIPs, advertising priority 0, for a
    /// backup to take over: any backup's skew is shorter than an interval (v2: than a second), so
    /// four intervals (v2: and a second) leave room for a lost advertisement.
    public var handOverLimit: Duration {
        advertInterval * 4 + (version == .v2 ? .seconds(1) : .zero)
    }

    /// The advertisement this director sends at `priority` (0 when it stops being master).
    public func advertisement(priority: UInt8) -> VRRPAdvertisement {
        VRRPAdvertisement(
            version: version, virtualRouterID: virtualRouterID, priority: priority,
            intervalCentiseconds: advertIntervalCentiseconds, addresses: addresses)
    }
}

/// A VRRP configuration that cannot work, with the reason.
public struct VRRPConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { "VRRP configuration: \(message)" }
}
