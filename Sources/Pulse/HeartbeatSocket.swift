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
    /// The largest datagram read; heartbeats are 4 to 72 bytes, so anything longer is garbage and
    /// arrives truncated (and is dropped as malformed).
    static let receiveLimit = 512

    /// DSCP CS6 in the IP TOS / IPv6 traffic class byte.
    static let networkControlClass: Int32 = 0xC0

    /// Opens a socket bound to `address`:`port`.
    public init(binding address: IPAddress, port: UInt16) throws(HeartbeatSocketError) {
        let local = SocketAddress(address: address, port: port)
        let socket: Socket
        do {
            socket = try Socket(for: local, .datagram, nonBlocking: true)
        } catch {
            throw HeartbeatSocketError(local.description, error)
        }
        do throws(SystemCallError) {
            if address.family == .inet {
                try socket.setOption(level: CInt(IPPROTO_IP), IP_TOS, to: Self.networkControlClass, name: "IP_TOS")
            } else {
                try socket.setOption(level: CInt(IPPROTO_IPV6), IPV6_V6ONLY, to: 1, name: "IPV6_V6ONLY")
                try socket.setOption(
                    level: CInt(IPPROTO_IPV6), IPV6_TCLASS, to: Self.networkControlClass, name: "IPV6_TCLASS")
            }
            try socket.bind(to: local)
        } catch {
            socket.closeQuietly()
            // The endpoint is in the message already: the cause names the call only.
            throw HeartbeatSocketError(local.description, SystemCallError(call: error.call, errno: error.errno))
        }
        localAddress = address
        self.port = port
        self.socket = socket
    }

    /// The socket.
    private let socket: Socket

    /// The descriptor, for the event loop.
    public var descriptor: FileDescriptor { socket.descriptor }

    deinit { socket.closeQuietly() }

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
        let destination = SocketAddress(address: address, port: port)
        do throws(SystemCallError) {
            let sent = try socket.send(bytes, to: destination, flags: confirmingNeighbour ? CInt(MSG_CONFIRM) : 0)
            if sent == nil { throw SystemCallError(call: "sendto", errno: EAGAIN) }
        } catch {
            throw HeartbeatSocketError(
                destination.description, SystemCallError(call: error.call, errno: error.errno), sending: true)
        }
    }

    /// The next waiting datagram and its sender, or `nil` when none waits.
    public func receive() throws(HeartbeatSocketError) -> (bytes: [UInt8], source: IPAddress)? {
        while true {
            let received: (bytes: [UInt8], source: SocketAddress?)?
            do {
                // ECONNREFUSED: an ICMP error left by an earlier send, not a datagram.
                received = try socket.receive(upTo: Self.receiveLimit, tolerating: [ECONNREFUSED])
            } catch {
                throw HeartbeatSocketError("\(localAddress.bracketedDescription):\(port)", error)
            }
            guard let received else { return nil }
            // Not from an IP address: not a heartbeat; take the next one.
            guard let source = received.source else { continue }
            return (received.bytes, source.address)
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
        let what =
            sending
            ? "sending a heartbeat to"
            : cause.call == "recvfrom" ? "receiving heartbeats on" : "opening the heartbeat socket on"
        return "\(what) \(endpoint): \(cause.call): \(cause.reason)\(hint)"
    }
}

extension HeartbeatSocket {
    /// The sockets `settings` need, by path: one on the public address and, when a separate
    /// private network is configured, one on the private address. None without a peer.
    public static func open(for settings: PulseSettings) throws(HeartbeatSocketError) -> [HeartbeatPath:
        HeartbeatSocket]
    {
        guard let peer = settings.peer else { return [:] }
        var sockets: [HeartbeatPath: HeartbeatSocket] = [:]
        for path in peer.paths {
            sockets[path] = try HeartbeatSocket(binding: settings.localAddress(on: path), port: settings.port)
        }
        return sockets
    }
}
