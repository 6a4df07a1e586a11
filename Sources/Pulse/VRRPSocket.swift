#if canImport(Glibc)
import Glibc
#endif
import Addressing
import DaemonSupport
import VRRP

/// A raw socket for VRRP (IP protocol 112) on one interface: advertisements leave from this
/// director's address (IPv4) or the interface's link-local address (IPv6, as RFC 5798 asks) with
/// TTL/hop limit 255, to the VRRP group (224.0.0.18, ff02::12) or to unicast peers; those of
/// other routers arrive with the TTL/hop limit and the destination their IP header carried, so
/// that ``VRRPAdvertFilter`` can check them. Non-blocking, close-on-exec, bound to the interface;
/// its own multicast does not loop back. DSCP CS6, like the heartbeats.
public final class VRRPSocket {
    /// The interface.
    public let interface: String
    /// The source of what it sends.
    public let source: IPAddress
    private let socket: Socket
    /// Advertisements are at most 8 + 255 × 16 bytes; with an IPv4 header, less than 4,200.
    static let receiveLimit = 4200

    /// The VRRP group of `family`.
    public static func group(_ family: AddressFamily) -> IPAddress {
        family == .inet ? IPAddress("224.0.0.18")! : IPAddress("ff02::12")!
    }

    /// Opens the socket on `interface` (index `index`), sending from `source`; `multicast` joins
    /// the VRRP group there.
    public init(interface: String, index: Int32, source: IPAddress, multicast: Bool) throws(VRRPSocketError) {
        let ipv4 = source.family == .inet
        let socket: Socket
        do {
            socket = try Socket(
                family: ipv4 ? AF_INET : AF_INET6, .raw, protocol: CInt(VRRPAdvertisement.ipProtocol),
                nonBlocking: true)
        } catch {
            throw VRRPSocketError(interface, error)
        }
        do throws(SystemCallError) {
            try socket.setOption(
                level: SOL_SOCKET, SO_BINDTODEVICE, bytes: Array(interface.utf8) + [0], name: "SO_BINDTODEVICE")
            if ipv4 {
                try socket.setOption(level: CInt(IPPROTO_IP), IP_TTL, to: 255, name: "IP_TTL")
                try socket.setOption(level: CInt(IPPROTO_IP), IP_MULTICAST_TTL, to: 255, name: "IP_MULTICAST_TTL")
                try socket.setOption(level: CInt(IPPROTO_IP), IP_MULTICAST_LOOP, to: 0, name: "IP_MULTICAST_LOOP")
                try socket.setOption(level: CInt(IPPROTO_IP), IP_TOS, to: 0xC0, name: "IP_TOS")
                // The interface and the source of what goes to the group.
                var request = ip_mreqn()
                request.imr_ifindex = index
                request.imr_address = in_addr(s_addr: source.v4!.value.bigEndian)
                try socket.setOption(level: CInt(IPPROTO_IP), IP_MULTICAST_IF, value: request, name: "IP_MULTICAST_IF")
                if multicast {
                    request.imr_address = in_addr(s_addr: 0)
                    request.imr_multiaddr = in_addr(s_addr: Self.group(.inet).v4!.value.bigEndian)
                    try socket.setOption(
                        level: CInt(IPPROTO_IP), IP_ADD_MEMBERSHIP, value: request, name: "IP_ADD_MEMBERSHIP")
                } else {
                    // A bound raw socket only receives what is addressed to its address: right for
                    // unicast peers, wrong for the group.
                    try socket.bind(to: SocketAddress(address: source, port: 0))
                }
            } else {
                let level = CInt(IPPROTO_IPV6)
                try socket.setOption(level: level, IPV6_UNICAST_HOPS, to: 255, name: "IPV6_UNICAST_HOPS")
                try socket.setOption(level: level, IPV6_MULTICAST_HOPS, to: 255, name: "IPV6_MULTICAST_HOPS")
                try socket.setOption(level: level, IPV6_MULTICAST_LOOP, to: 0, name: "IPV6_MULTICAST_LOOP")
                try socket.setOption(level: level, IPV6_MULTICAST_IF, to: index, name: "IPV6_MULTICAST_IF")
                try socket.setOption(level: level, IPV6_TCLASS, to: 0xC0, name: "IPV6_TCLASS")
                try socket.setOption(level: level, IPV6_RECVHOPLIMIT, to: 1, name: "IPV6_RECVHOPLIMIT")
                try socket.setOption(level: level, IPV6_RECVPKTINFO, to: 1, name: "IPV6_RECVPKTINFO")
                if multicast {
                    var request = ipv6_mreq()
                    withUnsafeMutableBytes(of: &request.ipv6mr_multiaddr) { raw in
                        for (offset, byte) in Self.group(.inet6).bytes.enumerated() { raw[offset] = byte }
                    }
                    request.ipv6mr_interface = UInt32(index)
                    try socket.setOption(level: level, IPV6_ADD_MEMBERSHIP, value: request, name: "IPV6_ADD_MEMBERSHIP")
                } else {
                    try socket.bind(to: SocketAddress(address: source, port: 0, scopeID: UInt32(index)))
                }
            }
        } catch {
            socket.closeQuietly()
            throw VRRPSocketError(interface, error)
        }
        self.interface = interface
        self.source = source
        self.socket = socket
        scopeID = UInt32(index)
    }

    private let scopeID: UInt32

    /// The descriptor, for the event loop.
    public var descriptor: FileDescriptor { socket.descriptor }

    deinit { socket.closeQuietly() }

    /// Sends one advertisement's bytes to `destination` (the group or a unicast peer).
    public func send(_ bytes: [UInt8], to destination: IPAddress) throws(VRRPSocketError) {
        // Link-local and multicast IPv6 destinations need their interface named.
        let scoped = destination.isIPv6LinkLocal || (destination.family == .inet6 && destination.isMulticast)
        let scope = scoped ? scopeID : 0
        do throws(SystemCallError) {
            let sent = try socket.send(bytes, to: SocketAddress(address: destination, port: 0, scopeID: scope))
            if sent == nil { throw SystemCallError(call: "sendto", errno: EAGAIN) }
        } catch {
            throw VRRPSocketError(interface, error, sending: destination)
        }
    }

    /// The next waiting packet: the VRRP message, where it came from and went to, and its TTL or
    /// hop limit; nil when none waits. A packet too short for its IP header comes back empty.
    public func receive() throws(VRRPSocketError) -> VRRPReceivedPacket? {
        while true {
            do {
                if source.family == .inet {
                    // An IPv4 raw socket hands over the IP header too.
                    guard let (bytes, _) = try socket.receive(upTo: Self.receiveLimit) else { return nil }
                    guard bytes.count >= 20, let packet = VRRPReceivedPacket(ipv4: bytes) else { continue }
                    return packet
                }
                guard let received = try socket.receiveWithHeader(upTo: Self.receiveLimit) else { return nil }
                guard let from = received.source?.address else { continue }
                return VRRPReceivedPacket(
                    payload: received.bytes, source: from, destination: received.destination ?? Self.group(.inet6),
                    hopLimit: received.hopLimit)
            } catch {
                throw VRRPSocketError(interface, error)
            }
        }
    }
}

/// A packet read from a ``VRRPSocket``.
public struct VRRPReceivedPacket: Hashable, Sendable {
    /// The IP payload: the VRRP message.
    public var payload: [UInt8]
    public var source: IPAddress
    public var destination: IPAddress
    /// The TTL (IPv4) or hop limit (IPv6); -1 when the kernel did not say.
    public var hopLimit: Int

    public init(payload: [UInt8], source: IPAddress, destination: IPAddress, hopLimit: Int) {
        self.payload = payload
        self.source = source
        self.destination = destination
        self.hopLimit = hopLimit
    }

    /// A packet from an IPv4 raw socket's bytes (header included); nil when they are not an IPv4
    /// header and payload.
    init?(ipv4 bytes: [UInt8]) {
        guard bytes.count >= 20, bytes[0] >> 4 == 4 else { return nil }
        let headerLength = Int(bytes[0] & 0x0F) * 4
        let total = Int(bytes[2]) << 8 | Int(bytes[3])
        guard headerLength >= 20, bytes.count >= headerLength, let from = IPv4Address(bytes: bytes[12..<16]),
            let to = IPv4Address(bytes: bytes[16..<20])
        else { return nil }
        // Linux hands the total length over as sent; trust what arrived if it is shorter.
        let end = total >= headerLength && total <= bytes.count ? total : bytes.count
        self.init(
            payload: Array(bytes[headerLength..<end]), source: .v4(from), destination: .v4(to),
            hopLimit: Int(bytes[8]))
    }
}

/// A VRRP socket operation that failed: the interface and what went wrong.
public struct VRRPSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The interface (or the address pulse looked for one by).
    public let interface: String
    /// What failed, e.g. `sending a VRRP advertisement to 224.0.0.18: sendto: Network is unreachable`.
    public let reason: String

    /// A failed system call; `destination` when it was a send.
    public init(_ interface: String, _ cause: SystemCallError, sending destination: IPAddress? = nil) {
        let hint = cause.errno == EPERM || cause.errno == EACCES ? " (raw sockets need root or CAP_NET_RAW)" : ""
        let what = destination.map { "sending a VRRP advertisement to \($0): " } ?? ""
        self.init(interface, reason: "\(what)\(cause.call): \(cause.reason)\(hint)")
    }

    /// Another failure, in words.
    public init(_ interface: String, reason: String) {
        self.interface = interface
        self.reason = reason
    }

    public var description: String { "VRRP socket on \(interface): \(reason)" }
}
