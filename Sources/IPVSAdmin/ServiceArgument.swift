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
    mutating func parse(_ text: String, resolver: AdminNameLookup) -> Int {
        let bytes = Array(text.utf8)
        let colon = UInt8(ascii: ":")
        if bytes.allSatisfy(Self.isDigit) { return 0 }  // also the empty string, as in ipvsadm
        var host = 0..<bytes.count
        var port: Range<Int>?
        if bytes[0] == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return 0 }
            guard close + 1 < bytes.count, bytes[close + 1] == colon else { return 0 }
            port = (close + 2)..<bytes.count
            host = 1..<close
        }
        // Any IPv6 text has two colons or more; anything else skips inet_pton(AF_INET6).
        let colons = bytes[host].reduce(0) { $0 + ($1 == colon ? 1 : 0) }
        if colons >= 2, let v6 = IPv6Address(String(decoding: bytes[host], as: UTF8.self)) {
            address = .v6(v6)
            family = UInt16(AF_INET6)
            netmask = 128
        } else {
            // As ipvsadm: the port is whatever follows the last colon of what is left.
            if let last = bytes[host].lastIndex(of: colon) {
                port = (last + 1)..<host.upperBound
                host = host.lowerBound..<last
            } else {
                port = nil
            }
            let hostText = bytes[host]
            guard
                let v4 = Self.plainDottedQuad(hostText)
                    ?? IPv4Address(inetAton: String(decoding: hostText, as: UTF8.self))
                    ?? resolver.ipv4Address(ofHost: String(decoding: hostText, as: UTF8.self))
            else { return 0 }
            address = .v4(v4)
            family = UInt16(AF_INET)
        }
        guard let port else { return Self.addressParsed }
        let portBytes = bytes[port]
        if let n = Self.plainNumber(portBytes), n <= 65535 {
            self.port = UInt16(n)
        } else if let n = CNumber.number(String(decoding: portBytes, as: UTF8.self), in: 0...65535) {
            self.port = UInt16(n)
        } else if let n = resolver.port(
            ofService: String(decoding: portBytes, as: UTF8.self), protocol: IPVSProtocol(rawValue: protocolNumber))
        {
            self.port = n
        } else {
            return 0
        }
        return Self.addressParsed | Self.portParsed
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    /// A string of decimal digits, read as `strtol` would; nil for anything else or too long.
    static func plainNumber(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18, bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// `a.b.c.d` with decimal parts 0-255 and no leading zeros: what inet_aton reads the same
    /// way. Anything else (octal, hex, short forms) is left to inet_aton itself.
    private static func plainDottedQuad(_ bytes: ArraySlice<UInt8>) -> IPv4Address? {
        var value: UInt32 = 0
        var part: UInt32 = 0
        var digits = 0
        var parts = 0
        for c in bytes {
            if c == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                value = value << 8 | part
                parts += 1
                part = 0
                digits = 0
            } else if isDigit(c) {
                if digits == 1, part == 0 { return nil }
                part = part * 10 + UInt32(c - UInt8(ascii: "0"))
                digits += 1
                guard part <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard parts == 3, digits > 0 else { return nil }
        return IPv4Address(value << 8 | part)
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
            persistenceTimeout: timeout, netmask: mask,
            persistenceEngine: persistenceEngine.isEmpty ? nil : persistenceEngine)
    }
}
