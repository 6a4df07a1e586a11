import Addressing
import Glibc

/// An IP address and port, convertible to a `sockaddr_in`/`sockaddr_in6`.
public struct SocketEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// The address.
    public var address: IPAddress
    /// The port.
    public var port: UInt16

    /// An endpoint.
    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `10.0.1.10:80` or `[2001:db8::10]:80`.
    public var description: String { "\(address.bracketedDescription):\(port)" }

    /// `AF_INET` or `AF_INET6`.
    public var family: CInt {
        switch address {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// Calls `body` with this endpoint as a `sockaddr` and its length.
    public func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        switch address {
        case .v4(let v4):
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = port.bigEndian
            socketAddress.sin_addr.s_addr = v4.value.bigEndian
            return withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(let v6):
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &socketAddress.sin6_addr) { raw in
                for (index, byte) in v6.bytes.enumerated() { raw[index] = byte }
            }
            return withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }
}
