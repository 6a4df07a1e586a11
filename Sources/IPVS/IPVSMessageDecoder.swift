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
        var top = NetlinkAttributeReader(attributes)
        while let (type, p) = try top.next() {
            if type == C.service { return try service(nest: attributes[p]) }
        }
        throw NetlinkDecodingError("service reply without IPVS_CMD_ATTR_SERVICE")
    }

    /// A destination from a `GET_DEST` reply message (`IPVS_CMD_ATTR_DEST`); `serviceFamily` is
    /// used when the kernel sends no `IPVS_DEST_ATTR_ADDR_FAMILY`.
    public static func destination(fromMessage attributes: ArraySlice<UInt8>, serviceFamily: AddressFamily)
        throws(NetlinkDecodingError) -> IPVSDestination
    {
        var top = NetlinkAttributeReader(attributes)
        while let (type, p) = try top.next() {
            if type == C.destination { return try destination(nest: attributes[p], serviceFamily: serviceFamily) }
        }
        throw NetlinkDecodingError("destination reply without IPVS_CMD_ATTR_DEST")
    }

    /// A sync daemon from a `GET_DAEMON` reply message (`IPVS_CMD_ATTR_DAEMON`).
    public static func daemon(fromMessage attributes: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> IPVSSyncDaemon
    {
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
            guard let a = IPv6Address(bytes: raw.prefix(16)) else {
                throw NetlinkDecodingError("short multicast group")
            }
            group = .v6(a)
        }
        return IPVSSyncDaemon(
            role: role, interface: interface, syncID: syncID, maximumLength: try d.uint16(M.maximumLength),
            group: group, port: try d.uint16(M.port), ttl: try d.uint8(M.ttl))
    }

    /// Timeouts from a `GET_CONFIG` reply message; a missing value reads as 0.
    public static func timeouts(fromMessage attributes: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> IPVSTimeouts
    {
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
        try service(nest: s.rawBytes)
    }

    /// One pass over a `SERVICE` nest.
    static func service(nest: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> IPVSService {
        var r = NetlinkAttributeReader(nest)
        var rawFamily: UInt16?, mark: UInt32?, proto: UInt16?, addressRange: Range<Int>?, port: UInt16?
        var scheduler: String?, flags: UInt32?, timeout: UInt32?, maskRange: Range<Int>?, engine: String?
        var plain: Range<Int>?, wide: Range<Int>?
        while let (type, p) = try r.next() {
            switch type {
            case S.family: rawFamily = UInt16(try r.integer(p, size: 2, type: type))
            case S.firewallMark: mark = UInt32(try r.integer(p, size: 4, type: type))
            case S.protocol: proto = UInt16(try r.integer(p, size: 2, type: type))
            case S.address: addressRange = p
            case S.port: port = try r.bigEndian16(p, type: type)
            case S.schedulerName: scheduler = r.string(p)
            case S.flags:
                guard p.count >= 8 else { throw NetlinkDecodingError("service with short flags") }
                let value = try r.integer(p, size: 8, type: type)
                flags = UInt32(truncatingIfNeeded: value) & UInt32(truncatingIfNeeded: value >> 32)
            case S.timeout: timeout = UInt32(try r.integer(p, size: 4, type: type))
            case S.netmask:
                guard p.count >= 4 else { throw NetlinkDecodingError("service with short netmask") }
                maskRange = p
            case S.persistenceEngine: engine = r.string(p)
            case S.statistics: plain = p
            case S.statistics64: wide = p
            default: break
            }
        }
        guard let rawFamily else { throw NetlinkDecodingError("service without address family") }
        guard let family = AddressFamily(rawValue: rawFamily) else {
            throw NetlinkDecodingError("service with unknown address family \(rawFamily)")
        }
        let identity: IPVSServiceIdentity
        if let mark {
            identity = .firewallMark(mark, family: family)
        } else {
            guard let proto, let addressRange, let port else {
                throw NetlinkDecodingError("service without firewall mark or protocol, address and port")
            }
            identity = .address(IPVSProtocol(rawValue: proto), try address(r, addressRange, family), port: port)
        }
        guard let scheduler, let flags, let timeout, let maskRange else {
            throw NetlinkDecodingError("service \(identity) without scheduler, flags, timeout or netmask")
        }
        let netmask: IPVSNetmask =
            family == .inet6
            ? .ipv6(prefixLength: UInt32(try r.integer(maskRange, size: 4, type: S.netmask)))
            : .ipv4(IPv4Address(r.bigEndian32(maskRange)))
        return IPVSService(
            identity: identity, scheduler: IPVSScheduler(rawValue: scheduler), flags: IPVSServiceFlags(rawValue: flags),
            persistenceTimeout: timeout, netmask: netmask, persistenceEngine: engine,
            statistics: try statistics(r.buffer, plain: plain, wide: wide))
    }

    static func destination(_ d: NetlinkAttributes, serviceFamily: AddressFamily) throws(NetlinkDecodingError)
        -> IPVSDestination
    {
        try destination(nest: d.rawBytes, serviceFamily: serviceFamily)
    }

    /// One pass over a `DEST` nest.
    static func destination(nest: ArraySlice<UInt8>, serviceFamily: AddressFamily) throws(NetlinkDecodingError)
        -> IPVSDestination
    {
        var r = NetlinkAttributeReader(nest)
        var family = serviceFamily
        var addressRange: Range<Int>?, port: UInt16?, forwarding: UInt32?, weight: UInt32?
        var upper: UInt32?, lower: UInt32?, active: UInt32 = 0, inactive: UInt32 = 0, persistent: UInt32 = 0
        var tunnel = IPVSTunnel()
        var plain: Range<Int>?, wide: Range<Int>?
        while let (type, p) = try r.next() {
            switch type {
            case D.addressFamily:
                let raw = UInt16(try r.integer(p, size: 2, type: type))
                guard let f = AddressFamily(rawValue: raw) else {
                    throw NetlinkDecodingError("destination with unknown address family \(raw)")
                }
                family = f
            case D.address: addressRange = p
            case D.port: port = try r.bigEndian16(p, type: type)
            case D.forwardingMethod: forwarding = UInt32(try r.integer(p, size: 4, type: type))
            case D.weight: weight = UInt32(try r.integer(p, size: 4, type: type))
            case D.upperThreshold: upper = UInt32(try r.integer(p, size: 4, type: type))
            case D.lowerThreshold: lower = UInt32(try r.integer(p, size: 4, type: type))
            case D.activeConnections: active = UInt32(try r.integer(p, size: 4, type: type))
            case D.inactiveConnections: inactive = UInt32(try r.integer(p, size: 4, type: type))
            case D.persistentConnections: persistent = UInt32(try r.integer(p, size: 4, type: type))
            case D.tunnelType:
                let raw = UInt8(try r.integer(p, size: 1, type: type))
                guard let t = IPVSTunnelType(rawValue: raw) else {
                    throw NetlinkDecodingError("destination with unknown tunnel type \(raw)")
                }
                tunnel.type = t
            case D.tunnelPort: tunnel.port = try r.bigEndian16(p, type: type)
            case D.tunnelFlags:
                let raw = UInt16(try r.integer(p, size: 2, type: type))
                guard let c = IPVSTunnelChecksum(rawValue: raw) else {
                    throw NetlinkDecodingError("destination with unknown tunnel flags \(raw)")
                }
                tunnel.checksum = c
            case D.statistics: plain = p
            case D.statistics64: wide = p
            default: break
            }
        }
        guard let addressRange, let port, let forwarding, let weight, let upper, let lower else {
            throw NetlinkDecodingError("destination without address, port, method, weight or thresholds")
        }
        let address = try address(r, addressRange, family)
        guard let method = IPVSForwardingMethod(rawValue: forwarding & IPVSForwardingMethod.mask) else {
            throw NetlinkDecodingError("destination \(address) with unknown forwarding method \(forwarding)")
        }
        return IPVSDestination(
            address: address, port: port, forwarding: method, weight: Int32(bitPattern: weight), upperThreshold: upper,
            lowerThreshold: lower, tunnel: tunnel, activeConnections: active, inactiveConnections: inactive,
            persistentConnections: persistent, statistics: try statistics(r.buffer, plain: plain, wide: wide))
    }

    /// `STATS64` when present (all counters 64-bit), else the 32-bit `STATS` (bytes are 64-bit).
    static func statistics(_ buffer: ArraySlice<UInt8>, plain: Range<Int>?, wide: Range<Int>?)
        throws(NetlinkDecodingError) -> IPVSStatistics?
    {
        guard let range = wide ?? plain else { return nil }
        let isWide = wide != nil
        var r = NetlinkAttributeReader(buffer[range])
        var s = IPVSStatistics()
        while let (type, p) = try r.next() {
            let size = isWide || type == T.incomingBytes || type == T.outgoingBytes ? 8 : 4
            switch type {
            case T.connections: s.connections = try r.integer(p, size: size, type: type)
            case T.incomingPackets: s.incomingPackets = try r.integer(p, size: size, type: type)
            case T.outgoingPackets: s.outgoingPackets = try r.integer(p, size: size, type: type)
            case T.incomingBytes: s.incomingBytes = try r.integer(p, size: size, type: type)
            case T.outgoingBytes: s.outgoingBytes = try r.integer(p, size: size, type: type)
            case T.connectionsPerSecond: s.connectionsPerSecond = try r.integer(p, size: size, type: type)
            case T.incomingPacketsPerSecond: s.incomingPacketsPerSecond = try r.integer(p, size: size, type: type)
            case T.outgoingPacketsPerSecond: s.outgoingPacketsPerSecond = try r.integer(p, size: size, type: type)
            case T.incomingBytesPerSecond: s.incomingBytesPerSecond = try r.integer(p, size: size, type: type)
            case T.outgoingBytesPerSecond: s.outgoingBytesPerSecond = try r.integer(p, size: size, type: type)
            default: break
            }
        }
        return s
    }

    private static func address(_ r: NetlinkAttributeReader, _ p: Range<Int>, _ family: AddressFamily)
        throws(NetlinkDecodingError) -> IPAddress
    {
        switch family {
        case .inet:
            guard p.count >= 4 else { throw NetlinkDecodingError("short IPv4 address") }
            return .v4(IPv4Address(r.bigEndian32(p)))
        case .inet6:
            guard p.count >= 16 else { throw NetlinkDecodingError("short IPv6 address") }
            let high = UInt64(r.bigEndian32(p)) << 32 | UInt64(r.bigEndian32(p, at: 4))
            let low = UInt64(r.bigEndian32(p, at: 8)) << 32 | UInt64(r.bigEndian32(p, at: 12))
            return .v6(IPv6Address(high: high, low: low))
        }
    }
}
