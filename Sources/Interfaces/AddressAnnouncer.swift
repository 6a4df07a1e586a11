import Addressing

/// Tells the link that addresses now live at this interface's MAC: gratuitous ARP for IPv4,
/// unsolicited neighbour advertisements for IPv6. pulse keeps one per VIP device and calls
/// ``announce(_:)`` for each round.
public final class AddressAnnouncer {
    /// Which gratuitous ARP frames an IPv4 announcement sends.
    public enum ARPForm: String, Hashable, Sendable, CaseIterable {
        /// The request form (`arping -U`, keepalived).
        case request
        /// Piranha's reply form (`send_arp`).
        case reply
        /// Both, request first: some hosts and switches heed only one of them.
        case both
    }

    /// The device.
    public var device: String { socket.interface }
    /// The MAC address announced.
    public let macAddress: MACAddress
    /// The IPv4 frames sent per announcement.
    public let arpForm: ARPForm
    private let socket: PacketSocket

    /// Opens a packet socket on `device`, announcing `macAddress`.
    public init(device: String, macAddress: MACAddress, arpForm: ARPForm = .both) throws(InterfaceError) {
        socket = try PacketSocket(interface: device)
        self.macAddress = macAddress
        self.arpForm = arpForm
    }

    /// Opens a packet socket on `device`, announcing the device's own MAC address (read through
    /// `routeSocket`).
    public convenience init(device: String, routeSocket: RouteNetlinkSocket, arpForm: ARPForm = .both)
        throws(InterfaceError)
    {
        let operation = "reading the MAC address of \(device)"
        let link: LinkStatus
        do {
            link = try routeSocket.link(named: device)
        } catch {
            throw InterfaceError(operation, error.cause)
        }
        guard let mac = link.macAddress else {
            throw InterfaceError(operation, .invalidArgument("the link has no Ethernet address"))
        }
        try self.init(device: device, macAddress: mac, arpForm: arpForm)
    }

    /// Sends one round of announcements for `address`.
    public func announce(_ address: IPAddress) throws(InterfaceError) {
        for frame in Self.frames(announcing: address, from: macAddress, arpForm: arpForm) {
            try socket.send(frame)
        }
    }

    /// The frames of one announcement round.
    public static func frames(announcing address: IPAddress, from mac: MACAddress, arpForm: ARPForm) -> [[UInt8]] {
        switch address {
        case .v4(let v4):
            let request = ARPFrame.gratuitousRequest(announcing: v4, from: mac).bytes
            let reply = ARPFrame.gratuitousReply(announcing: v4, from: mac).bytes
            switch arpForm {
            case .request: return [request]
            case .reply: return [reply]
            case .both: return [request, reply]
            }
        case .v6(let v6):
            return [NeighborAdvertisement(announcing: v6, from: mac).bytes]
        }
    }
}
