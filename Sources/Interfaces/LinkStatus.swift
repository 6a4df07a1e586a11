import Addressing

/// A network interface's state, for `monitor_links` and MAC lookup.
public struct LinkStatus: Hashable, Sendable, CustomStringConvertible {
    /// The interface name.
    public var name: String
    /// The interface index.
    public var index: Int32
    /// The hardware address, when the link has a 6-byte one.
    public var macAddress: MACAddress?
    /// Administratively up (`IFF_UP`).
    public var isUp: Bool
    /// The driver reports carrier (`IFF_LOWER_UP`).
    public var hasCarrier: Bool
    /// RFC 2863 operational state (`IFLA_OPERSTATE`).
    public var operationalState: OperationalState

    /// Creates a status (the kernel's answer comes from ``RouteNetlinkSocket/link(named:)``).
    public init(
        name: String, index: Int32, macAddress: MACAddress?, isUp: Bool, hasCarrier: Bool,
        operationalState: OperationalState
    ) {
        self.name = name
        self.index = index
        self.macAddress = macAddress
        self.isUp = isUp
        self.hasCarrier = hasCarrier
        self.operationalState = operationalState
    }

    /// Whether the link can carry traffic: up, with carrier, and operationally up (or "unknown",
    /// which drivers without state reporting use, e.g. `lo` and some virtual devices).
    public var isOperational: Bool {
        isUp && hasCarrier && (operationalState == .up || operationalState == .unknown)
    }

    public var description: String {
        "\(name): \(isUp ? "up" : "down"), \(hasCarrier ? "carrier" : "no carrier"), operstate \(operationalState)"
    }
}

/// RFC 2863 operational state, the kernel's `IF_OPER_*` (linux/if.h).
public enum OperationalState: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// `IF_OPER_UNKNOWN`.
    case unknown = 0
    /// `IF_OPER_NOTPRESENT`.
    case notPresent = 1
    /// `IF_OPER_DOWN`.
    case down = 2
    /// `IF_OPER_LOWERLAYERDOWN`.
    case lowerLayerDown = 3
    /// `IF_OPER_TESTING`.
    case testing = 4
    /// `IF_OPER_DORMANT`.
    case dormant = 5
    /// `IF_OPER_UP`.
    case up = 6

    public var description: String {
        switch self {
        case .unknown: "unknown"
        case .notPresent: "not present"
        case .down: "down"
        case .lowerLayerDown: "lower layer down"
        case .testing: "testing"
        case .dormant: "dormant"
        case .up: "up"
        }
    }
}
