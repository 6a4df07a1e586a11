import Addressing

/// Decodes the kernel's IPVS replies into the typed model. Pure: bytes in, values out.
///
/// Each function takes the attributes of one generic-netlink message (after `genlmsghdr`).
/// Required attributes missing, or of the wrong size, give a ``NetlinkDecodingError``.
public enum IPVSMessageDecoder {
    private typealias S = IPVSGenericNetlink.ServiceAttribute
    private typealias D = IPVSGenericNetlink.DestinationAttribute
    private typealias M = IPVSGenericNetlink.DaemonAttribute
    private typealias C = IPVSGenericNetlink.CommandAttribute
    private typealias T = IPVSGenericNetlink.StatisticsAttribute
    private typealias I = IPVSGenericNetlink.InfoAttribute

    /// A service from a `GET_SERVICE` reply message (`IPVS_CMD_ATTR_SERVICE`).
    public static func service(fromMessage attributes: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> IPVSService {
        let top = try NetlinkAttributes(attributes, maximumType: C.maximum)
        guard let nest = try top.nested(C.service, maximumType: S.maximum) else {
            throw NetlinkDecodingError("service reply without IPVS_CMD_ATTR_SERVICE")
        }
        return try service(nest)
    }

    /// A destination from a `GET_DEST` reply message (`IPVS_CMD_ATTR_DEST`); `serviceFamily` is
    /// used when the kernel sends no `IPVS_DEST_ATTR_ADDR_FAMILY`.
    public static func destination(fromMessage attributes: ArraySlice<UInt8>, serviceFamily: AddressFamily)
        throws(NetlinkDecodingError) -> IPVSDestination
    {
        let top = try NetlinkAttributes(attributes, maximumType: C.maximum)
        guard let nest = try top.nested(C.destination, maximumType: D.maximum) else {
            throw NetlinkDecodingError("destination reply without IPVS_CMD_ATTR_DEST")
        }
        return try destination(nest, serviceFamily: serviceFamily)
    }

    /// A sync daemon from a `GET_DAEMON` reply message (`IPVS_CMD_ATTR_DAEMON`).
    public static func daemon(fromMessage attributes: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> IPVSSyncDaemon {
        let top = try NetlinkAttributes(attributes, maximumType: C.maximum)
        guard let d = try top.nested(C.daemon, maximumType: M.maximum) else {
            throw NetlinkDecodingError("daemon reply without IPVS_CMD_ATTR_DAEMON")
        }
        guard let state = try d.uint32(M.state), let interface = d.string(M.interface),
            let syncID = try d.uint32(M.syncID)
        else { throw NetlinkDecodingError("daemon reply without state, interface or sync id") }
        guard let role = IPVSSyncDaemonRole(rawValue: state) else {
            throw NetlinkDecodingError("daemon reply with unknown state \(state)")
        }
        var group: IPAddress?
        if let raw = d.bytes(M.group) {
            guard let a = IPv4Address(bytes: raw.prefix(4)) else { throw NetlinkDecodingError("short multicast group") }
            group = .v4(a)
        } else if let raw = d.bytes(M.group6) {
            guard let a = IPv6Address(bytes: raw.prefix(16)) else { throw NetlinkDecodingError("short multicast group") }
            group = .v6(a)
        }
        return IPVSSyncDaemon(
            role: role, interface: interface, syncID: syncID, maximumLength: try d.uint16(M.maximumLength),
            group: group, port: try d.uint16(M.port), ttl: try d.uint8(M.ttl))
    }

    /// Timeouts from a `GET_CONFIG` reply message; a missing value reads as 0.
    public static func timeouts(fromMessage attributes: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> IPVSTimeouts {
        let top = try NetlinkAttributes(attributes, maximumType: C.maximum)
        return IPVSTimeouts(
            tcp: try top.uint32(C.timeoutTCP) ?? 0, tcpFin: try top.uint32(C.timeoutTCPFin) ?? 0,
            udp: try top.uint32(C.timeoutUDP) ?? 0)
    }

    /// Info from a `GET_INFO` reply message.
    public static func info(fromMessage attributes: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> IPVSInfo {
        let top = try NetlinkAttributes(attributes, maximumType: I.maximum)
        guard let version = try top.uint32(I.version), let size = try top.uint32(I.connectionTableSize) else {
            throw NetlinkDecodingError("info reply without version or connection table size")
        }
        return IPVSInfo(version: version, connectionTableSize: size)
    }

    static func service(_ s: NetlinkAttributes) throws(NetlinkDecodingError) -> IPVSService {
        guard let rawFamily = try s.uint16(S.family) else { throw NetlinkDecodingError("service without address family") }
        guard let family = AddressFamily(rawValue: rawFamily) else {
            throw NetlinkDecodingError("service with unknown address family \(rawFamily)")
        }
        let identity: IPVSServiceIdentity
        if let mark = try s.uint32(S.firewallMark) {
            identity = .firewallMark(mark, family: family)
        } else {
            guard let proto = try s.uint16(S.protocol), let raw = s.bytes(S.address), let port = try s.bigEndianUInt16(S.port)
            else { throw NetlinkDecodingError("service without firewall mark or protocol, address and port") }
            identity = .address(IPVSProtocol(rawValue: proto), try address(raw, family), port: port)
        }
        guard let scheduler = s.string(S.schedulerName), let rawFlags = s.bytes(S.flags),
            let timeout = try s.uint32(S.timeout), let rawMask = s.bytes(S.netmask)
        else { throw NetlinkDecodingError("service \(identity) without scheduler, flags, timeout or netmask") }
        guard rawFlags.count >= 8, rawMask.count >= 4 else {
            throw NetlinkDecodingError("service \(identity) with short flags or netmask")
        }
        let flags = littleEndian32(rawFlags, 0) & littleEndian32(rawFlags, 4)
        let netmask: IPVSNetmask =
            family == .inet6
            ? .ipv6(prefixLength: littleEndian32(rawMask, 0)) : .ipv4(IPv4Address(bytes: rawMask.prefix(4))!)
        let stats = try statistics(s, plain: S.statistics, wide: S.statistics64)
        return IPVSService(
            identity: identity, scheduler: IPVSScheduler(rawValue: scheduler), flags: IPVSServiceFlags(rawValue: flags),
            persistenceTimeout: timeout, netmask: netmask, persistenceEngine: s.string(S.persistenceEngine),
            statistics: stats)
    }

    static func destination(_ d: NetlinkAttributes, serviceFamily: AddressFamily) throws(NetlinkDecodingError)
        -> IPVSDestination
    {
        var family = serviceFamily
        if let raw = try d.uint16(D.addressFamily) {
            guard let f = AddressFamily(rawValue: raw) else {
                throw NetlinkDecodingError("destination with unknown address family \(raw)")
            }
            family = f
        }
        guard let rawAddress = d.bytes(D.address), let port = try d.bigEndianUInt16(D.port),
            let forwarding = try d.uint32(D.forwardingMethod), let weight = try d.uint32(D.weight),
            let upper = try d.uint32(D.upperThreshold), let lower = try d.uint32(D.lowerThreshold)
        else { throw NetlinkDecodingError("destination without address, port, method, weight or thresholds") }
        let address = try address(rawAddress, family)
        guard let method = IPVSForwardingMethod(rawValue: forwarding & IPVSForwardingMethod.mask) else {
            throw NetlinkDecodingError("destination \(address) with unknown forwarding method \(forwarding)")
        }
        var tunnel = IPVSTunnel()
        if let raw = try d.uint8(D.tunnelType) {
            guard let type = IPVSTunnelType(rawValue: raw) else {
                throw NetlinkDecodingError("destination \(address) with unknown tunnel type \(raw)")
            }
            tunnel.type = type
        }
        tunnel.port = try d.bigEndianUInt16(D.tunnelPort) ?? 0
        if let raw = try d.uint16(D.tunnelFlags) {
            guard let checksum = IPVSTunnelChecksum(rawValue: raw) else {
                throw NetlinkDecodingError("destination \(address) with unknown tunnel flags \(raw)")
            }
            tunnel.checksum = checksum
        }
        return IPVSDestination(
            address: address, port: port, forwarding: method, weight: Int32(bitPattern: weight),
            upperThreshold: upper, lowerThreshold: lower, tunnel: tunnel,
            activeConnections: try d.uint32(D.activeConnections) ?? 0,
            inactiveConnections: try d.uint32(D.inactiveConnections) ?? 0,
            persistentConnections: try d.uint32(D.persistentConnections) ?? 0,
            statistics: try statistics(d, plain: D.statistics, wide: D.statistics64))
    }

    /// `STATS64` when present (all counters 64-bit), else the 32-bit `STATS` (bytes are 64-bit).
    static func statistics(_ a: NetlinkAttributes, plain: UInt16, wide: UInt16) throws(NetlinkDecodingError)
        -> IPVSStatistics?
    {
        if let n = try a.nested(wide, maximumType: T.maximum) {
            func get(_ t: UInt16) throws(NetlinkDecodingError) -> UInt64 { try n.uint64(t) ?? 0 }
            return IPVSStatistics(
                connections: try get(T.connections), incomingPackets: try get(T.incomingPackets),
                outgoingPackets: try get(T.outgoingPackets), incomingBytes: try get(T.incomingBytes),
                outgoingBytes: try get(T.outgoingBytes), connectionsPerSecond: try get(T.connectionsPerSecond),
                incomingPacketsPerSecond: try get(T.incomingPacketsPerSecond),
                outgoingPacketsPerSecond: try get(T.outgoingPacketsPerSecond),
                incomingBytesPerSecond: try get(T.incomingBytesPerSecond),
                outgoingBytesPerSecond: try get(T.outgoingBytesPerSecond))
        }
        if let n = try a.nested(plain, maximumType: T.maximum) {
            func get(_ t: UInt16) throws(NetlinkDecodingError) -> UInt64 { UInt64(try n.uint32(t) ?? 0) }
            return IPVSStatistics(
                connections: try get(T.connections), incomingPackets: try get(T.incomingPackets),
                outgoingPackets: try get(T.outgoingPackets), incomingBytes: try n.uint64(T.incomingBytes) ?? 0,
                outgoingBytes: try n.uint64(T.outgoingBytes) ?? 0, connectionsPerSecond: try get(T.connectionsPerSecond),
                incomingPacketsPerSecond: try get(T.incomingPacketsPerSecond),
                outgoingPacketsPerSecond: try get(T.outgoingPacketsPerSecond),
                incomingBytesPerSecond: try get(T.incomingBytesPerSecond),
                outgoingBytesPerSecond: try get(T.outgoingBytesPerSecond))
        }
        return nil
    }

    private static func address(_ raw: ArraySlice<UInt8>, _ family: AddressFamily) throws(NetlinkDecodingError)
        -> IPAddress
    {
        switch family {
        case .inet:
            guard let a = IPv4Address(bytes: raw.prefix(4)) else { throw NetlinkDecodingError("short IPv4 address") }
            return .v4(a)
        case .inet6:
            guard let a = IPv6Address(bytes: raw.prefix(16)) else { throw NetlinkDecodingError("short IPv6 address") }
            return .v6(a)
        }
    }

    private static func littleEndian32(_ bytes: ArraySlice<UInt8>, _ offset: Int) -> UInt32 {
        let p = bytes.startIndex + offset
        return UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
    }
}
