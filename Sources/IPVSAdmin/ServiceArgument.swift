#if canImport(Glibc)
import Glibc
#endif
import Addressing
import IPVS

/// A virtual service as ipvsadm's command line builds it up (`ipvs_service_t`): fields are set
/// by options in the order given, and later options see what earlier ones set.
struct ServiceArgument: Sendable {
    var family: UInt16 = 0
    var protocolNumber: UInt16 = 0
    var address: IPAddress?
    var port: UInt16 = 0
    var firewallMark: UInt32 = 0
    var scheduler = ""
    var flags: UInt32 = 0
    var timeout: UInt32 = 0
    /// An IPv4 mask as a host-order value, or an IPv6 prefix length, as the family decides.
    var netmask: UInt32 = 0xFFFF_FFFF
    var persistenceEngine = ""

    static let addressParsed = 1
    static let portParsed = 2

    /// `parse_service`: reads `host[:port]`, `[v6]:port` or a bare IPv6 address into this
    /// service. Returns which parts were read (`addressParsed`, `portParsed`), 0 when unusable.
    mutating func parse(_ text: String, resolver: NameResolver) -> Int {
        var host = Substring(text)
        var portText: Substring?
        if host.isEmpty || host.allSatisfy({ $0.isASCII && $0.isNumber }) { return 0 }
        if host.first == "[" {
            host = host.dropFirst()
            guard let close = host.firstIndex(of: "]") else { return 0 }
            let after = host[host.index(after: close)...]
            guard after.first == ":" else { return 0 }
            portText = after.dropFirst()
            host = host[..<close]
        }
        if let v6 = IPv6Address(host) {
            address = .v6(v6)
            family = UInt16(AF_INET6)
            netmask = 128
        } else {
            // As ipvsadm: the port is whatever follows the last colon of what is left.
            if let colon = host.lastIndex(of: ":") {
                portText = host[host.index(after: colon)...]
                host = host[..<colon]
            } else {
                portText = nil
            }
            if let v4 = IPv4Address(inetAton: host) ?? resolver.ipv4Address(ofHost: String(host)) {
                address = .v4(v4)
                family = UInt16(AF_INET)
            } else {
                return 0
            }
        }
        guard let portText else { return Self.addressParsed }
        if let n = CNumber.number(String(portText), in: 0...65535) {
            port = UInt16(n)
        } else if let n = resolver.port(ofService: String(portText), protocol: IPVSProtocol(rawValue: protocolNumber)) {
            port = n
        } else {
            return 0
        }
        return Self.addressParsed | Self.portParsed
    }

    /// The service's identity, or nil when no service was named.
    var identity: IPVSServiceIdentity? {
        if firewallMark != 0 {
            return .firewallMark(firewallMark, family: family == UInt16(AF_INET6) ? .inet6 : .inet)
        }
        guard let address else { return nil }
        return .address(IPVSProtocol(rawValue: protocolNumber), address, port: port)
    }

    /// Whether `-Z` zeroes everything: no mark, no address (or the any address) and port 0,
    /// which is how libipvs decides to send no service at all.
    var isAllZero: Bool {
        firewallMark == 0 && port == 0 && (address?.isUnspecified ?? true)
    }

    /// The service to program.
    func service(identity: IPVSServiceIdentity) -> IPVSService {
        let mask: IPVSNetmask = identity.family == .inet6 ? .ipv6(prefixLength: netmask) : .ipv4(IPv4Address(netmask))
        return IPVSService(
            identity: identity, scheduler: IPVSScheduler(rawValue: scheduler), flags: IPVSServiceFlags(rawValue: flags),
            persistenceTimeout: timeout, netmask: mask, persistenceEngine: persistenceEngine.isEmpty ? nil : persistenceEngine)
    }
}

/// A destination as ipvsadm's command line builds it up (`ipvs_dest_t`).
struct DestinationArgument: Sendable {
    var family: UInt16 = 0
    var address: IPAddress?
    var port: UInt16 = 0
    var forwarding: UInt32 = IPVSForwardingMethod.directRoute.rawValue
    var weight: Int = 1
    var upperThreshold: Int = 0
    var lowerThreshold: Int = 0
    var tunnelType = 0
    var tunnelPort: UInt16 = 0
    var tunnelFlags: UInt16 = 0

    /// The destination to program (the address was checked by the matrix).
    var destination: IPVSDestination {
        IPVSDestination(
            address: address ?? .v4(.any), port: port,
            forwarding: IPVSForwardingMethod(rawValue: forwarding & IPVSForwardingMethod.mask) ?? .directRoute,
            weight: Int32(weight), upperThreshold: UInt32(upperThreshold), lowerThreshold: UInt32(lowerThreshold),
            tunnel: IPVSTunnel(
                type: IPVSTunnelType(rawValue: UInt8(tunnelType)) ?? .ipip, port: tunnelPort,
                checksum: IPVSTunnelChecksum(rawValue: tunnelFlags) ?? .none))
    }
}
