#if canImport(Glibc)
import Glibc
#endif
import Addressing

/// Resolves names the way the system does: hosts with `getaddrinfo(3)` (so `/etc/hosts`, DNS and
/// the rest of nsswitch apply) and services with `getservbyname_r(3)` (`/etc/services`).
public struct SystemNameResolver: NameResolver {
    /// Creates the resolver.
    public init() {}

    /// Asks `getaddrinfo` for IPv4 and IPv6 stream addresses, in the order it returns them.
    public func addresses(ofHost name: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var result: [IPAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let n = node {
            if let sa = n.pointee.ai_addr {
                var address: IPAddress?
                switch Int32(sa.pointee.sa_family) {
                case AF_INET:
                    address = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                        .v4(IPv4Address(UInt32(bigEndian: $0.pointee.sin_addr.s_addr)))
                    }
                case AF_INET6:
                    address = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                        var a = p.pointee.sin6_addr
                        return withUnsafeBytes(of: &a) { IPv6Address(bytes: $0).map(IPAddress.v6) }
                    }
                default:
                    break
                }
                if let address, !result.contains(address) { result.append(address) }
            }
            node = n.pointee.ai_next
        }
        return result
    }

    /// Looks the service up in the services database with `getservbyname_r`.
    public func port(ofService name: String, protocol proto: String) -> UInt16? {
        var entry = servent()
        var found: UnsafeMutablePointer<servent>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let rc = buffer.withUnsafeMutableBufferPointer { buf in
            getservbyname_r(name, proto, &entry, buf.baseAddress, buf.count, &found)
        }
        guard rc == 0, found != nil else { return nil }
        return UInt16(bigEndian: UInt16(truncatingIfNeeded: entry.s_port))
    }
}
