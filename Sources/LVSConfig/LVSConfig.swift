import Addressing

/// The whole of an lvs.cf file as a value: the global settings, the virtual services (LVS) and
/// the failover services (FOS), with every default applied and every derived value resolved.
///
/// A config parsed without errors satisfies the checks listed in `LVSConfigValidator`; a config
/// parsed with errors is a best effort and must not be applied. Values are `Hashable` so that
/// `lvsd` can reload by comparing the old and the new config.
public struct LVSConfig: Hashable, Sendable, Codable {
    /// `serial_no`: the config revision (the Piranha GUI increments it on every save). Default 0.
    public var serialNumber: Int = 0
    /// `service`: which kind of block pulse runs. Default `.lvs`.
    public var service: ServiceKind = .lvs
    /// `primary`, `primary_private`, `primary_shared`: the primary director.
    public var primary = DirectorAddresses()
    /// `backup`, `backup_private`, `backup_shared`: the backup director.
    public var backup = DirectorAddresses()
    /// `backup_active`: a backup director exists and heartbeats are exchanged with it. Default false.
    public var backupActive = false
    /// Whether a backup director takes part: `backup_active = 1` and a `backup` address (Piranha
    /// cleared `backup_active` without one, and ran alone).
    public var hasBackup: Bool { backupActive && backup.publicAddress != nil }

    /// Whether the directors exchange heartbeats anyone on their network could forge: a backup,
    /// the suite's own protocol, and no `heartbeat_key_file`.
    public var hasUnauthenticatedHeartbeats: Bool {
        hasBackup && heartbeat.wireProtocol == .lvsrouter && heartbeat.keyFile == nil
    }

    /// What to tell an admin whose heartbeats are not authenticated (``hasUnauthenticatedHeartbeats``).
    public static let authenticationHint =
        "heartbeats are not authenticated: anyone who can send to the heartbeat port can forge one and "
        + "move the VIPs. Create a key once (openssl rand -hex 32 > /etc/sysconfig/ha/heartbeat.key; "
        + "chmod 600 it), copy it to the other director, and set heartbeat_key_file on both"
    /// `heartbeat_port`, `keepalive`, `deadtime`, `heartbeat_protocol`, `heartbeat_key_file`.
    public var heartbeat = HeartbeatSettings()
    /// `network`: the forwarding method for every real server. Default `.nat`.
    public var network: ForwardingMethod = .nat
    /// `nat_router` and `nat_nmask`: the real servers' floating gateway, in NAT mode.
    public var natRouter: NATRouter?
    /// `rsh_command`: `rsh` or `ssh`, used by nanny's `uptime` load monitor. Default `rsh`.
    public var rshCommand = "rsh"
    /// `ipvsadm`: the ipvsadm path Piranha ran. Default `/sbin/ipvsadm`. lvsd programs IPVS itself.
    public var ipvsadmPath = "/sbin/ipvsadm"
    /// `reservation_conflict_action`: FOS shared-SCSI conflict policy; nil when not set.
    public var reservationConflictAction: ReservationConflictAction?
    /// `active_cmd`: run (split on blanks, no shell) when this director becomes active.
    public var activeCommand: String?
    /// `inactive_cmd`: run when this director becomes inactive, and once when pulse starts.
    public var inactiveCommand: String?
    /// `monitor_links`: pulse watches the link state of the NICs carrying this director's
    /// addresses and never takes over while one is down. Default false.
    public var monitorLinks = false
    /// `syncdaemon`, `syncd_iface`, `syncd_id`: the IPVS connection-sync daemon.
    public var syncDaemon = SyncDaemonSettings()
    /// `tcp_timeout`, `tcpfin_timeout`, `udp_timeout`: IPVS connection timeouts.
    public var ipvsTimeouts = ConnectionTimeoutSettings()
    /// `hard_shutdown`: when a nanny dies, lvsd shuts down (so pulse fails over) if true, or logs
    /// that manual action is needed and carries on if false. Default true.
    public var hardShutdown = true
    /// `warm_standby` (extension): lvsd runs on both directors, so the inactive one keeps its
    /// table loaded and its real servers checked and a takeover only moves the addresses. Default
    /// true; false is Piranha's cold standby (lvsd only on the active director).
    public var warmStandby = true
    /// `cluster_mode` and the BGP keys (extensions): a pair, or every director active over BGP.
    public var cluster = ClusterSettings()
    /// The `vrrp_*` keys (extensions): the virtual router pulse joins with
    /// `heartbeat_protocol = vrrp`.
    public var vrrp = VRRPSettings()
    /// `garp_count`, `garp_interval` (extensions): gratuitous ARPs sent on takeover.
    public var gratuitousARP = GratuitousARPSettings()
    /// The `virtual NAME { … }` blocks, in file order.
    public var virtualServices: [VirtualService] = []
    /// The `failover NAME { … }` blocks, in file order.
    public var failoverServices: [FailoverService] = []

    /// A config with every default, as an empty file would give (less its "empty" error).
    public init() {}

    /// The virtual service with this block name.
    public func virtualService(named name: String) -> VirtualService? {
        virtualServices.first { $0.name == name }
    }

    /// The failover service with this block name.
    public func failoverService(named name: String) -> FailoverService? {
        failoverServices.first { $0.name == name }
    }
}
