#if canImport(Glibc)
import Glibc
#endif
import Addressing
import DaemonSupport
import Heartbeat

/// A UDP socket bound to one of this director's addresses on `heartbeat_port`: heartbeats to the
/// peer leave from it, and the peer's arrive on it. Non-blocking and close-on-exec; datagrams are
/// marked DSCP CS6 (network control) so that queues on the way favour them.
public final class HeartbeatSocket {
    /// The address it is bound to.
    public let localAddress: IPAddress
    /// The port it is bound to.
    public let port: UInt16
    /// The descriptor, for the event loop.
    public let descriptor: FileDescriptor

    /// The largest datagram read; heartbeats are 4 to 72 bytes, so anything longer is garbage and
    /// arrives truncated (and is dropped as malformed).
    static let receiveLimit = 512

    /// DSCP CS6 in the IP TOS / IPv6 traffic class byte.
    static let networkControlClass: Int32 = 0xC0

    /// Opens a socket bound to `address`:`port`.
    public init(binding address: IPAddress, port: UInt16) throws(HeartbeatSocketError) {
        let endpoint = "\(address.bracketedDescription):\(port)"
        let family = address.family == .inet ? AF_INET : AF_INET6
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(family, type, 0)
        guard fd >= 0 else { throw HeartbeatSocketError(endpoint, SystemCallError(call: "socket", errno: errno)) }
        do throws(SystemCallError) {
            var tos = Self.networkControlClass
            let size = socklen_t(MemoryLayout<Int32>.size)
            if address.family == .inet {
                try SystemCall.run("setsockopt(IP_TOS)") { setsockopt(fd, Int32(IPPROTO_IP), IP_TOS, &tos, size) }
            } else {
                var only: Int32 = 1
                try SystemCall.run("setsockopt(IPV6_V6ONLY)") {
                    setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &only, size)
                }
                try SystemCall.run("setsockopt(IPV6_TCLASS)") {
                    setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_TCLASS, &tos, size)
                }
            }
            var storage = Self.socketAddress(address, port: port)
            let length = Self.length(of: address)
            try SystemCall.run("bind") {
                withUnsafePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
                }
            }
        } catch {
            close(fd)
            throw HeartbeatSocketError(endpoint, error)
        }
        localAddress = address
        self.port = port
        descriptor = FileDescriptor(rawValue: fd)
    }

    deinit { descriptor.closeQuietly() }

    /// Sends one datagram to `address`:`port`. A full socket buffer drops it (a heartbeat is
    /// worthless late) and says so.
    ///
    /// With `confirmingNeighbour` (`MSG_CONFIRM`) the kernel counts the send as proof that the peer's
    /// link-layer address still works. Pass it while the peer's heartbeats arrive on this path:
    /// one-way UDP never confirms a neighbour entry otherwise, so the kernel keeps re-probing it,
    /// and a probe lost in a brief outage leaves the entry unresolved (heartbeats held back) for
    /// a whole ARP retransmit interval, long enough to look like a dead director.
    public func send(
        _ bytes: [UInt8], to address: IPAddress, port: UInt16, confirmingNeighbour: Bool = false
    ) throws(HeartbeatSocketError) {
        var storage = Self.socketAddress(address, port: port)
        let length = Self.length(of: address)
        let fd = descriptor.rawValue
        let flags = Int32(MSG_NOSIGNAL) | (confirmingNeighbour ? Int32(MSG_CONFIRM) : 0)
        let sent = Result { () throws(SystemCallError) -> Int in
            try SystemCall.run("sendto") {
                bytes.withUnsafeBytes { buffer in
                    withUnsafePointer(to: &storage) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(fd, buffer.baseAddress, buffer.count, flags, $0, length)
                        }
                    }
                }
            }
        }
        if case .failure(let error) = sent {
            throw HeartbeatSocketError("\(address.bracketedDescription):\(port)", error, sending: true)
        }
    }

    /// The next waiting datagram and its sender, or `nil` when none waits.
    public func receive() throws(HeartbeatSocketError) -> (bytes: [UInt8], source: IPAddress)? {
        var buffer = [UInt8](repeating: 0, count: Self.receiveLimit)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = descriptor.rawValue
        let received = Result { () throws(SystemCallError) -> Int? in
            try SystemCall.run("recvfrom", tolerating: [EAGAIN, EWOULDBLOCK, ECONNREFUSED]) {
                buffer.withUnsafeMutableBytes { raw in
                    withUnsafeMutablePointer(to: &storage) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length)
                        }
                    }
                }
            }
        }
        let count: Int?
        switch received {
        case .success(let value): count = value
        case .failure(let error):
            throw HeartbeatSocketError("\(localAddress.bracketedDescription):\(port)", error)
        }
        guard let count else { return nil }
        guard let source = Self.address(of: storage) else { return try receive() }
        buffer.removeSubrange(count...)
        return (buffer, source)
    }

    // MARK: - Socket addresses

    static func socketAddress(_ address: IPAddress, port: UInt16) -> sockaddr_storage {
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
        case .v6:
            let bytes = address.bytes
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    pointer.pointee.sin6_family = sa_family_t(AF_INET6)
                    pointer.pointee.sin6_port = port.bigEndian
                    withUnsafeMutableBytes(of: &pointer.pointee.sin6_addr) { raw in
                        for (index, byte) in bytes.enumerated() { raw[index] = byte }
                    }
                }
            }
        }
        return storage
    }

    static func length(of address: IPAddress) -> socklen_t {
        socklen_t(address.family == .inet ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
    }

    static func address(of storage: sockaddr_storage) -> IPAddress? {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    .v4(IPv4Address(UInt32(bigEndian: $0.pointee.sin_addr.s_addr)))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
                }
            }
        default:
            return nil
        }
    }
}

/// A heartbeat socket operation that failed: the endpoint and the system's reason.
public struct HeartbeatSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `10.0.0.1:539`.
    public let endpoint: String
    /// The failed call.
    public let cause: SystemCallError
    /// Whether it failed sending (rather than binding or receiving).
    public let sending: Bool

    /// Creates an error.
    public init(_ endpoint: String, _ cause: SystemCallError, sending: Bool = false) {
        self.endpoint = endpoint
        self.cause = cause
        self.sending = sending
    }

    public var description: String {
        let hint: String
        switch cause.errno {
        case EACCES, EPERM: hint = " (ports below 1024 need root: running as root?)"
        case EADDRNOTAVAIL: hint = " (the address is not on any interface of this host)"
        case EADDRINUSE: hint = " (another pulse, or another program, already uses this port)"
        default: hint = ""
        }
        let what = sending ? "sending a heartbeat to" : cause.call == "recvfrom" ? "receiving heartbeats on" : "opening the heartbeat socket on"
        return "\(what) \(endpoint): \(cause.call): \(cause.reason)\(hint)"
    }
}

extension HeartbeatSocket {
    /// The sockets `settings` need, by path: one on the public address and, when a separate
    /// private network is configured, one on the private address. None without a peer.
    public static func open(for settings: PulseSettings) throws(HeartbeatSocketError) -> [HeartbeatPath: HeartbeatSocket] {
        guard let peer = settings.peer else { return [:] }
        var sockets: [HeartbeatPath: HeartbeatSocket] = [:]
        for path in peer.paths {
            sockets[path] = try HeartbeatSocket(binding: settings.localAddress(on: path), port: settings.port)
        }
        return sockets
    }
}
