import Addressing
import Heartbeat
import Interfaces
import LVSConfig

/// What pulse runs with on this director: lvs.cf seen from one side (this node's role, its own
/// addresses, the peer's), with every default applied. Pure: the role comes in from outside
/// (``role(in:holding:)`` asks which addresses are local).
public struct PulseSettings: Hashable, Sendable {
    /// This director's role (fixed for the life of the process).
    public var role: FailoverRole
    /// This director's public address: heartbeats are sent from and received on it.
    public var localAddress: IPAddress
    /// This director's private address, when a separate private heartbeat network is configured.
    public var localPrivateAddress: IPAddress?
    /// The peer's addresses; `nil` on a primary without a backup (`backup_active = 0`).
    public var peer: HeartbeatPeer?
    /// `heartbeat_port`.
    public var port: UInt16
    /// `keepalive`.
    public var keepalive: Duration
    /// `deadtime`.
    public var deadtime: Duration
    /// `heartbeat_protocol`.
    public var wireProtocol: HeartbeatProtocol
    /// `heartbeat_key_file`; ignored (`nil`) with Piranha's protocol, which cannot carry an HMAC.
    public var keyFile: String?
    /// The distinct VIPs of the active virtual services, then `nat_router` (NAT only), in file order;
    /// with `service = fos`, the addresses of the active failover services.
    public var virtualAddresses: [VirtualAddress]
    /// `garp_count` and `garp_interval`.
    public var gratuitousARP: GratuitousARPSettings
    /// `active_cmd`, split on blanks (Piranha runs it without a shell); `nil` when not set.
    public var activeCommand: [String]?
    /// `inactive_cmd`, split the same way.
    public var inactiveCommand: [String]?
    /// `syncdaemon`, `syncd_iface`, `syncd_id`; `nil` when `syncdaemon` is off.
    public var syncDaemon: SyncDaemonSettings?
    /// `monitor_links`.
    public var monitorLinks: Bool
    /// `warm_standby`: lvsd runs on both directors (the default), or only on the active one.
    /// Always off with failover services: the fos daemon runs only on the active director.
    public var warmStandby: Bool
    /// `service = fos`: this director runs the failover services (the fos daemon, in lvsd's
    /// place) while active, and lets go of them before its partner takes over.
    public var runsFailoverServices: Bool
    /// The active failover services (`service = fos`), for the fos daemon's stop limit.
    public var failoverServiceCount: Int
    /// Identifies the configuration (a fingerprint of the parsed file, ``ConfigFingerprint``):
    /// sent in every heartbeat, so each director can tell the admin when the two files differ.
    public var configSerial: UInt32
    /// `cluster_mode = bgp`: this director's part in an active-active cluster, whose VIPs it
    /// serves alone (no peer, no heartbeats, no gratuitous ARPs) and announces over BGP; nil in a
    /// pair.
    public var cluster: ClusterMembership?
    /// `heartbeat_protocol = vrrp`: the virtual router that elects the active director, in place of
    /// pulse's heartbeats (no heartbeat sockets, no key); nil otherwise.
    public var vrrp: VRRPRouterSettings?
    /// Things in the file pulse accepts but that deserve a line in the log (a VIP listed twice
    /// with different netmasks…).
    public var notes: [String]

    /// This director's settings from `config`, for `role`; in a cluster (`cluster_mode = bgp`),
    /// for the director at `clusterAddress` (``ClusterMembership/ownAddress(in:holding:)``), whose
    /// role is always primary.
    public init(config: LVSConfig, role: FailoverRole, clusterAddress: IPAddress? = nil) throws(PulseSettingsError) {
        if config.cluster.isActiveActive {
            guard let own = clusterAddress else {
                throw PulseSettingsError(
                    "cluster_mode = bgp: this director's address in cluster_directors is not known")
            }
            cluster = try ClusterMembership(ownAddress: own, settings: config.cluster)
        } else {
            cluster = nil
        }
        runsFailoverServices = config.service == .fos
        failoverServiceCount = config.failoverServices.filter(\.active).count
        if runsFailoverServices {
            guard failoverServiceCount > 0 else {
                throw PulseSettingsError(
                    "service = fos but no active failover service: nothing for pulse to do (set active = 1 in a "
                        + "failover block)")
            }
            guard config.heartbeat.wireProtocol == .lvsrouter else {
                throw PulseSettingsError(
                    "service = fos needs heartbeat_protocol = lvsrouter: a failover service is stopped here before the "
                        + "partner starts it, and Piranha's heartbeat cannot say \"handing over\"")
            }
        } else {
            guard config.virtualServices.contains(where: \.active) else {
                throw PulseSettingsError(
                    "no active virtual service: nothing for pulse to do (set active = 1 in a virtual block)")
            }
        }
        let mine = role == .primary ? config.primary : config.backup
        let theirs = role == .primary ? config.backup : config.primary
        guard let local = cluster?.ownAddress ?? mine.publicAddress else {
            throw PulseSettingsError("no \(role) address in the configuration")
        }
        self.role = role
        localAddress = local
        notes = []
        let separatePrivate = mine.hasSeparatePrivateAddress && theirs.hasSeparatePrivateAddress
        localPrivateAddress = separatePrivate ? mine.privateAddress : nil
        if mine.hasSeparatePrivateAddress != theirs.hasSeparatePrivateAddress, config.backupActive {
            notes.append(
                "only one director has a private address (\(role)_private or \(role.peer)_private): heartbeats use the "
                    + "public path only")
        }
        if config.hasUnauthenticatedHeartbeats { notes.append(LVSConfig.authenticationHint) }
        if config.backupActive, let peerAddress = theirs.publicAddress {
            peer = HeartbeatPeer(
                publicAddress: peerAddress, privateAddress: separatePrivate ? theirs.privateAddress : nil)
        } else if role == .backup {
            throw PulseSettingsError(
                "this director is the backup and backup_active is 0 (or backup is not set): the backup has nothing to "
                    + "do; set backup_active = 1 to run pulse here")
        } else {
            peer = nil
        }
        if let peer, peer.publicAddress.family != local.family {
            throw PulseSettingsError(
                "primary and backup are of different address families (\(local), \(peer.publicAddress))")
        }
        port = config.heartbeat.port
        keepalive = config.heartbeat.keepalive
        deadtime = config.heartbeat.deadtime
        switch config.heartbeat.wireProtocol {
        case .lvsrouter:
            wireProtocol = .lvsrouter
            keyFile = config.heartbeat.keyFile
        case .piranha:
            wireProtocol = .piranha
            keyFile = nil
        case .vrrp:
            wireProtocol = .lvsrouter
            keyFile = nil
        }
        vrrp =
            config.heartbeat.wireProtocol == .vrrp
            ? try VRRPRouterSettings(config: config, role: role, family: local.family) : nil
        gratuitousARP = config.gratuitousARP
        // The routers, not ARP, send the VIPs' traffic to a cluster's directors.
        if cluster != nil { gratuitousARP.count = 0 }
        activeCommand = CommandWords.split(config.activeCommand)
        inactiveCommand = CommandWords.split(config.inactiveCommand)
        syncDaemon = config.syncDaemon.enabled ? config.syncDaemon : nil
        monitorLinks = config.monitorLinks
        warmStandby = config.warmStandby && !runsFailoverServices
        configSerial = ConfigFingerprint(config).value
        virtualAddresses = []
        try collectVirtualAddresses(config)
    }

    /// The role of the director that holds one of the configured addresses: the primary when
    /// `primary` is local (Piranha's rule), the backup when `backup` is. Throws when neither is.
    public static func role(
        in config: LVSConfig, holding isLocal: (IPAddress) throws -> Bool
    ) throws -> FailoverRole {
        guard let primary = config.primary.publicAddress else {
            throw PulseSettingsError("primary is not set: pulse cannot tell which director this is")
        }
        if try isLocal(primary) { return .primary }
        if let backup = config.backup.publicAddress, try isLocal(backup) { return .backup }
        let backupText = config.backup.publicAddress.map { " nor backup (\($0))" } ?? ""
        throw PulseSettingsError(
            "this host holds neither primary (\(primary))\(backupText) on any interface: pulse runs only on the two "
                + "directors named in lvs.cf")
    }

    /// How long lvsd (or fos) gets to stop after SIGTERM before SIGKILL: `lvsdStopTimeout`
    /// (`--lvsd-stop-timeout`), or for fos what its `stop_cmd`s may take (each bounded by
    /// ``FailoverService/commandLimit``) and 5 s more, so that a release never takes the VIPs down
    /// while a `stop_cmd` still runs.
    public func daemonStopTimeout(lvsdStopTimeout: Duration) -> Duration {
        guard runsFailoverServices else { return lvsdStopTimeout }
        return max(lvsdStopTimeout, FailoverService.commandLimit * failoverServiceCount + .seconds(5))
    }

    /// The failover state machine's configuration for these settings.
    public func failoverConfiguration(forceActive: Bool) throws(FailoverConfigurationError) -> FailoverConfiguration {
        try FailoverConfiguration(
            role: role, keepalive: keepalive, deadtime: deadtime, paths: peer?.paths ?? [],
            heartbeatProtocol: wireProtocol, forceActive: forceActive, gratuitousARPCount: gratuitousARP.count,
            gratuitousARPInterval: gratuitousARP.interval, warmStandby: warmStandby, configSerial: configSerial,
            releaseBeforeTakeover: runsFailoverServices)
    }

    /// This director's address on `path` (the private one falls back to the public one).
    public func localAddress(on path: HeartbeatPath) -> IPAddress {
        path == .private ? localPrivateAddress ?? localAddress : localAddress
    }

    /// The local addresses heartbeat sockets are bound to: public, then private when separate.
    public var boundAddresses: [IPAddress] {
        [localAddress] + (localPrivateAddress.map { [$0] } ?? [])
    }

    // MARK: - Building

    private mutating func collectVirtualAddresses(_ config: LVSConfig) throws(PulseSettingsError) {
        var seen: [IPAddress: (VirtualAddress, String)] = [:]
        let blocks: [(label: String, vip: VirtualIP?)] =
            runsFailoverServices
            ? config.failoverServices.filter(\.active).map { ("failover '\($0.name)'", $0.vip) }
            : config.virtualServices.filter(\.active).map { ("virtual '\($0.name)'", $0.vip) }
        for (label, vip) in blocks {
            guard let vip else { continue }
            let address = try Self.virtualAddress(vip.address, device: vip.device, netmask: vip.netmask, what: label)
            if let (first, owner) = seen[vip.address] {
                if first != address {
                    notes.append(
                        "\(label): \(vip.address) is also the VIP of \(owner) with different settings "
                            + "(\(first) vs \(address)); pulse uses \(owner)'s")
                }
                continue
            }
            seen[vip.address] = (address, label)
            virtualAddresses.append(address)
        }
        if !runsFailoverServices, config.network == .nat, let router = config.natRouter {
            let address = try Self.virtualAddress(
                router.address, device: router.device, netmask: router.netmask, what: "nat_router")
            if let (first, owner) = seen[router.address] {
                notes.append("nat_router: \(router.address) is also the VIP of \(owner) (\(first)); brought up once")
            } else {
                virtualAddresses.append(address)
            }
        }
    }

    /// A VIP as pulse puts it on the interface. Without a netmask an IPv4 VIP is a /32 and an IPv6
    /// one a /128 (a host address, as keepalived does), never a guessed classful mask.
    static func virtualAddress(
        _ address: IPAddress, device: String, netmask: AddressMask?, what: String
    ) throws(PulseSettingsError) -> VirtualAddress {
        let label: InterfaceLabel
        do {
            label = try InterfaceLabel(device)
        } catch {
            throw PulseSettingsError("\(what): \(error)")
        }
        switch address {
        case .v4(let v4):
            let mask: IPv4Netmask
            switch netmask {
            case .v4(let m): mask = m
            case .v6: throw PulseSettingsError("\(what): an IPv6 prefix length for the IPv4 address \(address)")
            case nil: mask = IPv4Netmask(prefixLength: 32)!
            }
            // An alias label (eth0:1) is IPv4's way to name the VIP; a plain device keeps its own name.
            return VirtualAddress(v4, netmask: mask, interface: label)
        case .v6(let v6):
            let prefix: Int
            switch netmask {
            case .v6(let n): prefix = n
            case .v4: throw PulseSettingsError("\(what): a dotted netmask for the IPv6 address \(address)")
            case nil: prefix = 128
            }
            do {
                return try VirtualAddress(v6, prefixLength: prefix, interface: label)
            } catch {
                throw PulseSettingsError("\(what): \(error)")
            }
        }
    }
}

/// lvs.cf describes something pulse cannot run, with the reason.
public struct PulseSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the key or address.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
