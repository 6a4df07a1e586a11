/// A `failover NAME { … }` block (FOS): a service pulse starts and stops on the active director
/// while nanny watches the partner's copy.
public struct FailoverService: Hashable, Sendable, Codable {
    /// The block name; unique among the failover services of a file.
    public var name: String
    /// `active`. Default false.
    public var active = false
    /// `address = IP DEVICE` and `vip_nmask`; nil when not set.
    public var vip: VirtualIP?
    /// `port`: the port nanny checks. Default 80.
    public var port: UInt16 = 80
    /// `send`, `expect`, `send_program`, `timeout`, `reentry` (the other check keys are unused here).
    public var check = HealthCheckSettings()
    /// `start_cmd`: starts the service locally (required).
    public var startCommand: String?
    /// `stop_cmd`: stops the service locally (required).
    public var stopCommand: String?

    /// How long the fos daemon lets a `start_cmd` or `stop_cmd` run before it kills it (its
    /// default `--command-limit`); pulse waits this long per service for fos to stop.
    public static let commandLimit: Duration = .seconds(30)

    /// Creates a failover service with Piranha's defaults.
    public init(name: String) { self.name = name }
}
