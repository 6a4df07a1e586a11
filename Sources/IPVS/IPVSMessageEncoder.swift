import Addressing

/// Encodes IPVS requests as generic-netlink messages. Pure: bytes out, no I/O.
///
/// Requests carry `NLM_F_REQUEST` plus `NLM_F_ACK` (commands) or `NLM_F_DUMP` (listings). The
/// attribute order follows ipvsadm 1.31 so that the two can be compared byte for byte.
public struct IPVSMessageEncoder: Sendable {
    /// The resolved id of the `IPVS` family.
    public let familyID: UInt16

    /// Creates an encoder for the family id the controller returned.
    public init(familyID: UInt16) { self.familyID = familyID }

    private typealias S = IPVSGenericNetlink.ServiceAttribute
    private typealias D = IPVSGenericNetlink.DestinationAttribute
    private typealias M = IPVSGenericNetlink.DaemonAttribute
    private typealias C = IPVSGenericNetlink.CommandAttribute

    /// Checks what the wire format cannot carry: names over 15 bytes, firewall mark 0, a netmask
    /// of the other family. The kernel is never asked; the error names the operation.
    static func validate(_ operation: IPVSOperation) throws(IPVSError) {
        let fail = { (what: String) in IPVSError(.change(operation), .invalidRequest(what)) }
        func checkIdentity(_ id: IPVSServiceIdentity) throws(IPVSError) {
            if id.firewallMark == 0 { throw fail("firewall mark 0 does not name a service") }
        }
        switch operation {
        case .addService(let service), .editService(let service):
            try checkIdentity(service.identity)
            try checkName(service.scheduler.rawValue, "scheduler name", fail)
            if let engine = service.persistenceEngine { try checkName(engine, "persistence engine name", fail) }
            switch (service.netmask, service.identity.family) {
            case (.ipv4, .inet), (.ipv6, .inet6): break
            default: throw fail("netmask \(service.netmask) does not fit an \(service.identity.family) service")
            }
        case .deleteService(let id), .addDestination(_, let id), .editDestination(_, let id),
            .deleteDestination(_, let id), .zero(let id?):
            try checkIdentity(id)
        case .startDaemon(let daemon):
            try checkName(daemon.interface, "multicast interface", fail)
        case .setTimeouts, .stopDaemon, .zero(nil), .flush:
            break
        }
    }

    /// The request that performs `operation`.
    public func encode(_ operation: IPVSOperation, sequence: UInt32) throws(IPVSError) -> [UInt8] {
        try Self.validate(operation)
        let fail = { (what: String) in IPVSError(.change(operation), .invalidRequest(what)) }
        switch operation {
        case .addService(let service), .editService(let service):
            if case .addService = operation {
                var m = start(.newService, sequence)
                try putService(service, into: &m, fail)
                return m.finish()
            }
            var m = start(.setService, sequence)
            try putService(service, into: &m, fail)
            return m.finish()
        case .deleteService(let id):
            var m = start(.deleteService, sequence)
            try putIdentity(id, into: &m, fail)
            return m.finish()
        case .addDestination(let destination, let id), .editDestination(let destination, let id):
            let isAdd = if case .addDestination = operation { true } else { false }
            var m = start(isAdd ? .newDestination : .setDestination, sequence)
            try putIdentity(id, into: &m, fail)
            putDestination(destination, into: &m)
            return m.finish()
        case .deleteDestination(let destination, let id):
            var m = start(.deleteDestination, sequence)
            try putIdentity(id, into: &m, fail)
            m.beginNested(C.destination)
            m.append(D.addressFamily, uint16: destination.address.family.rawValue)
            m.append(D.address, address: destination.address)
            m.append(D.port, bigEndianUInt16: destination.port)
            m.endNested()
            return m.finish()
        case .setTimeouts(let t):
            var m = start(.setConfig, sequence)
            m.append(C.timeoutTCP, uint32: t.tcp)
            m.append(C.timeoutTCPFin, uint32: t.tcpFin)
            m.append(C.timeoutUDP, uint32: t.udp)
            return m.finish()
        case .startDaemon(let daemon):
            var m = start(.newDaemon, sequence)
            m.beginNested(C.daemon)
            m.append(M.state, uint32: daemon.role.rawValue)
            m.append(M.interface, string: daemon.interface)
            m.append(M.syncID, uint32: daemon.syncID)
            if let length = daemon.maximumLength { m.append(M.maximumLength, uint16: length) }
            if let port = daemon.port { m.append(M.port, uint16: port) }
            if let ttl = daemon.ttl { m.append(M.ttl, uint8: ttl) }
            switch daemon.group {
            case .v4(let group)?: m.append(M.group, address: .v4(group))
            case .v6(let group)?: m.append(M.group6, address: .v6(group))
            case nil: break
            }
            m.endNested()
            return m.finish()
        case .stopDaemon(let role):
            var m = start(.deleteDaemon, sequence)
            m.beginNested(C.daemon)
            m.append(M.state, uint32: role.rawValue)
            m.endNested()
            return m.finish()
        case .zero(let id):
            var m = start(.zero, sequence)
            if let id { try putIdentity(id, into: &m, fail) }
            return m.finish()
        case .flush:
            return start(.flush, sequence).finish()
        }
    }

    /// `IPVS_CMD_GET_INFO`.
    public func getInfo(sequence: UInt32) -> [UInt8] { start(.getInfo, sequence).finish() }

    /// `IPVS_CMD_GET_CONFIG`.
    public func getTimeouts(sequence: UInt32) -> [UInt8] { start(.getConfig, sequence).finish() }

    /// `IPVS_CMD_GET_SERVICE` dump.
    public func listServices(sequence: UInt32) -> [UInt8] { start(.getService, sequence, dump: true).finish() }

    /// `IPVS_CMD_GET_DAEMON` dump.
    public func listDaemons(sequence: UInt32) -> [UInt8] { start(.getDaemon, sequence, dump: true).finish() }

    /// `IPVS_CMD_GET_SERVICE` for one service.
    public func getService(_ id: IPVSServiceIdentity, sequence: UInt32) throws(IPVSError) -> [UInt8] {
        var m = start(.getService, sequence)
        try putIdentity(id, into: &m) { IPVSError(.getService(id), .invalidRequest($0)) }
        return m.finish()
    }

    /// `IPVS_CMD_GET_DEST` dump of one service.
    public func listDestinations(of id: IPVSServiceIdentity, sequence: UInt32) throws(IPVSError) -> [UInt8] {
        var m = start(.getDestination, sequence, dump: true)
        try putIdentity(id, into: &m) { IPVSError(.listDestinations(id), .invalidRequest($0)) }
        return m.finish()
    }

    private func start(_ command: IPVSGenericNetlink.Command, _ sequence: UInt32, dump: Bool = false)
        -> NetlinkMessageBuilder
    {
        NetlinkMessageBuilder(
            type: familyID, flags: dump ? [.request, .dump] : [.request, .ack], sequence: sequence,
            command: command.rawValue, version: IPVSGenericNetlink.version)
    }

    private func putIdentity(
        _ id: IPVSServiceIdentity, into m: inout NetlinkMessageBuilder, _ fail: (String) -> IPVSError
    ) throws(IPVSError) {
        m.beginNested(C.service)
        try putIdentityAttributes(id, into: &m, fail)
        m.endNested()
    }

    private func putIdentityAttributes(
        _ id: IPVSServiceIdentity, into m: inout NetlinkMessageBuilder, _ fail: (String) -> IPVSError
    ) throws(IPVSError) {
        m.append(S.family, uint16: id.family.rawValue)
        switch id {
        case .firewallMark(let mark, _):
            guard mark != 0 else { throw fail("firewall mark 0 does not name a service") }
            m.append(S.firewallMark, uint32: mark)
        case .address(let proto, let address, let port):
            m.append(S.protocol, uint16: proto.rawValue)
            m.append(S.address, address: address)
            m.append(S.port, bigEndianUInt16: port)
        }
    }

    private func putService(
        _ service: IPVSService, into m: inout NetlinkMessageBuilder, _ fail: (String) -> IPVSError
    ) throws(IPVSError) {
        m.beginNested(C.service)
        try putIdentityAttributes(service.identity, into: &m, fail)
        m.append(S.schedulerName, string: service.scheduler.rawValue)
        if let engine = service.persistenceEngine, !engine.isEmpty { m.append(S.persistenceEngine, string: engine) }
        let flags = service.flags.subtracting(.hashed).rawValue
        m.append(S.flags, uint32: flags, UInt32.max)
        m.append(S.timeout, uint32: service.persistenceTimeout)
        switch (service.netmask, service.identity.family) {
        case (.ipv4(let mask), .inet):
            m.append(S.netmask, address: .v4(mask))
        case (.ipv6(let length), .inet6):
            m.append(S.netmask, uint32: length)
        default:
            throw fail("netmask \(service.netmask) does not fit an \(service.identity.family) service")
        }
        m.endNested()
    }

    private func putDestination(_ d: IPVSDestination, into m: inout NetlinkMessageBuilder) {
        m.beginNested(C.destination)
        m.append(D.addressFamily, uint16: d.address.family.rawValue)
        m.append(D.address, address: d.address)
        m.append(D.port, bigEndianUInt16: d.port)
        m.append(D.forwardingMethod, uint32: d.forwarding.rawValue)
        m.append(D.weight, uint32: UInt32(bitPattern: d.weight))
        m.append(D.tunnelType, uint8: d.tunnel.type.rawValue)
        m.append(D.tunnelPort, bigEndianUInt16: d.tunnel.port)
        m.append(D.tunnelFlags, uint16: d.tunnel.checksum.rawValue)
        m.append(D.upperThreshold, uint32: d.upperThreshold)
        m.append(D.lowerThreshold, uint32: d.lowerThreshold)
        m.endNested()
    }

    private static func checkName(_ name: String, _ what: String, _ fail: (String) -> IPVSError) throws(IPVSError) {
        // The kernel copies names into 16-byte buffers, NUL included (IP_VS_*_MAXLEN).
        guard name.utf8.count <= 15 else { throw fail("\(what) \"\(name)\" is longer than 15 bytes") }
        guard !name.utf8.contains(0) else { throw fail("\(what) contains a NUL byte") }
    }

}
