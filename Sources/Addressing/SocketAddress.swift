#if canImport(Glibc)
import Addressing
import Glibc
#endif

/// An IP address and port, as the socket calls take and give them (`sockaddr_in`/`sockaddr_in6`).
/// The one conversion between the suite's addresses and the kernel's.
public struct SocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address.
    public var address: IPAddress
    /// The port.
    public var port: UInt16
    /// IPv6: the interface a link-local address belongs to (`sin6_scope_id`); 0 for none.
    public var scopeID: UInt32

    /// An address and port (and for a link-local IPv6 address, its interface's index).
    public init(address: IPAddress, port: UInt16, scopeID: UInt32 = 0) {
        self.address = address
        self.port = port
        self.scopeID = scopeID
    }

    /// `10.0.1.10:80` or `[2001:db8::10]:80`.
    public var description: String { "\(address.bracketedDescription):\(port)" }

    /// `AF_INET` or `AF_INET6`.
    public var family: CInt { CInt(address.family.rawValue) }

    /// The kernel's form, in a `sockaddr_storage`, and its length.
    public var storage: (sockaddr_storage, socklen_t) {
        var storage = sockaddr_storage()
        switch address {
        case .v4(let v4):
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    pointer.pointee.sin_family = sa_family_t(AF_INET)
                    pointer.pointee.sin_port = port.bigEndian
                    pointer.pointee.sin_addr = in_addr(s_addr: v4.value.bigEndian)
                }
            }
            return (storage, socklen_t(MemoryLayout<sockaddr_in>.size))
        case .v6(let v6):
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    pointer.pointee.sin6_family = sa_family_t(AF_INET6)
                    pointer.pointee.sin6_port = port.bigEndian
                    pointer.pointee.sin6_scope_id = scopeID
                    withUnsafeMutableBytes(of: &pointer.pointee.sin6_addr) { raw in
                        for (index, byte) in v6.bytes.enumerated() { raw[index] = byte }
                    }
                }
            }
            return (storage, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
    }

    /// Calls `body` with this address as a `sockaddr` and its length.
    public func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var (storage, length) = self.storage
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// The address the kernel filled in (`recvfrom`, `getsockname`); nil for other families.
    public init?(storage: sockaddr_storage) {
        var storage = storage
        switch CInt(storage.ss_family) {
        case AF_INET:
            let (address, port) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    (IPv4Address(UInt32(bigEndian: $0.pointee.sin_addr.s_addr)), UInt16(bigEndian: $0.pointee.sin_port))
                }
            }
            self.init(address: .v4(address), port: port)
        case AF_INET6:
            let parts: (IPAddress?, UInt16) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    (
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { IPAddress(bytes: Array($0)) },
                        UInt16(bigEndian: pointer.pointee.sin6_port)
                    )
                }
            }
            guard let address = parts.0 else { return nil }
            self.init(address: address, port: parts.1)
        default:
            return nil
        }
    }
}
