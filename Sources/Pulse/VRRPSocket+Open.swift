import Addressing
import Interfaces

extension VRRPSocket {
    /// The socket for a director whose own address is `address`: on the interface that holds it,
    /// sending from it; over IPv6 to the group, from that interface's link-local address (as
    /// RFC 5798 and keepalived do; unicast peers get `address` itself, as keepalived's
    /// `unicast_src_ip`).
    public static func open(for address: IPAddress, multicast: Bool) throws(VRRPSocketError) -> VRRPSocket {
        let label = "\(address)"
        let routes: RouteNetlinkSocket
        let interface: String
        let entries: [InterfaceAddress]
        do {
            routes = try RouteNetlinkSocket()
            guard let name = try routes.interface(holding: address) else {
                throw VRRPSocketError(label, reason: "no interface of this host holds \(address)")
            }
            interface = name
            entries = try routes.addresses(on: name)
        } catch let error as VRRPSocketError {
            throw error
        } catch {
            throw VRRPSocketError(label, reason: "\(error)")
        }
        guard let own = entries.first(where: { $0.address == address }) else {
            throw VRRPSocketError(interface, reason: "\(address) is no longer on \(interface)")
        }
        var source = address
        if address.family == .inet6, multicast {
            guard let linkLocal = entries.first(where: { $0.address.isIPv6LinkLocal })?.address else {
                throw VRRPSocketError(
                    interface, reason: "no IPv6 link-local address on \(interface): VRRPv3 over IPv6 is sent from one")
            }
            source = linkLocal
        }
        return try VRRPSocket(interface: interface, index: own.interfaceIndex, source: source, multicast: multicast)
    }
}
