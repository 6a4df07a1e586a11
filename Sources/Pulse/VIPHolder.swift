import Addressing
import Interfaces

/// Puts this director's VIPs on their interfaces and takes them off (rtnetlink), and announces
/// them (gratuitous ARP, unsolicited neighbour advertisements) from the interface's own MAC.
///
/// Every operation is idempotent and goes on past a failing address, returning the failures, so
/// one bad VIP cannot keep the others down (or up).
public final class VIPHolder {
    private let routeSocket: RouteNetlinkSocket
    private let arpForm: AddressAnnouncer.ARPForm
    private var announcers: [String: AddressAnnouncer] = [:]
    /// The addresses this holder brought up and has not taken down, in the order they came up.
    public private(set) var held: [VirtualAddress] = []
    /// ``held`` as a set, so that bringing up or taking down thousands of VIPs stays linear.
    private var heldSet: Set<VirtualAddress> = []

    /// A holder acting through `routeSocket` (whose network namespace it acts in).
    public init(routeSocket: RouteNetlinkSocket, arpForm: AddressAnnouncer.ARPForm = .both) {
        self.routeSocket = routeSocket
        self.arpForm = arpForm
    }

    /// Adds each address with its label, netmask and broadcast.
    public func bringUp(_ addresses: [VirtualAddress]) -> [InterfaceError] {
        var failures: [InterfaceError] = []
        for address in addresses {
            do {
                try routeSocket.add(address)
                if heldSet.insert(address).inserted { held.append(address) }
            } catch {
                failures.append(error)
            }
        }
        return failures
    }

    /// Removes each address (an address already gone counts as removed); returns those that
    /// were actually on an interface, and the failures.
    @discardableResult
    public func takeDown(_ addresses: [VirtualAddress]) -> (removed: [VirtualAddress], failures: [InterfaceError]) {
        var removed: [VirtualAddress] = []
        var failures: [InterfaceError] = []
        var gone: Set<VirtualAddress> = []
        for address in addresses {
            do {
                if try routeSocket.remove(address) == .changed { removed.append(address) }
                gone.insert(address)
            } catch {
                failures.append(error)
            }
        }
        if !gone.isEmpty {
            held.removeAll { gone.contains($0) }
            heldSet.subtract(gone)
        }
        return (removed, failures)
    }

    /// Sends one round of announcements for each address, from its device's MAC address.
    public func announce(_ addresses: [VirtualAddress]) -> [InterfaceError] {
        var failures: [InterfaceError] = []
        for address in addresses {
            let device = address.interface.device
            do {
                let announcer: AddressAnnouncer
                if let open = announcers[device] {
                    announcer = open
                } else {
                    announcer = try AddressAnnouncer(device: device, routeSocket: routeSocket, arpForm: arpForm)
                    announcers[device] = announcer
                }
                try announcer.announce(address.address)
            } catch {
                // The device may have been replaced (new index or MAC): open it afresh next time.
                announcers[device] = nil
                failures.append(error)
            }
        }
        return failures
    }

    /// Forgets the announcers' packet sockets (after a reload changed the devices).
    public func forgetAnnouncers() { announcers = [:] }

    /// The interface that holds `address` on this host, if any.
    public func interface(holding address: IPAddress) throws(InterfaceError) -> String? {
        try routeSocket.interface(holding: address)
    }

    /// The state of link `name`.
    public func link(named name: String) throws(InterfaceError) -> LinkStatus {
        try routeSocket.link(named: name)
    }
}
