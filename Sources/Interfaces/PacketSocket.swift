#if canImport(Glibc)
import Glibc
#endif
import CLVSShims
import DaemonSupport

/// A raw `AF_PACKET` socket that sends whole Ethernet frames out of one interface.
///
/// It is opened with protocol 0, so it receives nothing. Opening it needs CAP_NET_RAW.
public final class PacketSocket {
    /// The interface name.
    public let interface: String
    /// The interface index.
    public let interfaceIndex: Int32
    private let socket: Socket

    /// Opens a socket for `interface`.
    public init(interface: String) throws(InterfaceError) {
        let operation = "opening a packet socket on \(interface)"
        let index = if_nametoindex(interface)
        guard index != 0 else {
            throw .system(operation, call: "if_nametoindex(\(interface))", errno: errno, capability: "CAP_NET_RAW")
        }
        do {
            socket = try Socket(family: AF_PACKET, .raw)
        } catch {
            throw .system(operation, call: "socket(AF_PACKET)", errno: error.errno, capability: "CAP_NET_RAW")
        }
        self.interface = interface
        interfaceIndex = Int32(index)
    }

    deinit { socket.closeQuietly() }

    /// Sends one frame (Ethernet header included) out of the interface.
    public func send(_ frame: [UInt8]) throws(InterfaceError) {
        let operation = "sending a \(frame.count)-byte frame on \(interface)"
        guard frame.count >= 14 else {
            throw InterfaceError(operation, .invalidArgument("a frame has at least an Ethernet header (14 bytes)"))
        }
        var address = sockaddr_ll()
        address.sll_family = UInt16(AF_PACKET)
        address.sll_protocol = (UInt16(frame[12]) << 8 | UInt16(frame[13])).bigEndian
        address.sll_ifindex = interfaceIndex
        address.sll_halen = 6
        address.sll_addr = (frame[0], frame[1], frame[2], frame[3], frame[4], frame[5], 0, 0)
        while true {
            let sent = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    frame.withUnsafeBytes { bytes in
                        sendto(
                            socket.descriptor.rawValue, bytes.baseAddress, bytes.count, 0, socketAddress,
                            socklen_t(MemoryLayout<sockaddr_ll>.size))
                    }
                }
            }
            if sent == frame.count { return }
            if sent < 0, errno == EINTR { continue }
            if sent < 0 { throw .system(operation, call: "sendto", errno: errno, capability: "CAP_NET_RAW") }
            throw InterfaceError(operation, .invalidArgument("only \(sent) bytes were sent"))
        }
    }
}
