#if canImport(Glibc)
import Glibc
#endif
import Addressing
import CLibNL
import CLVSShims

/// A connection to the kernel's routing netlink (rtnetlink) through libnl-route: add and remove
/// VIPs, list an interface's addresses, read a link's state and MAC address.
///
/// Adding an address that is already there and removing one that is already gone succeed with
/// ``AddressChange/unchanged``, so pulse can repeat an activation or deactivation safely. Every
/// request waits at most 2 seconds for the kernel. The socket belongs to the network namespace of
/// the thread that created it.
public final class RouteNetlinkSocket {
    private let socket: OpaquePointer

    /// Opens and connects the socket.
    public init() throws(InterfaceError) {
        let operation = "opening an rtnetlink socket"
        guard let sk = nl_socket_alloc() else { throw InterfaceError(operation, .netlink(code: NLE_NOMEM)) }
        let rc = nl_connect(sk, NETLINK_ROUTE)
        guard rc >= 0 else {
            nl_socket_free(sk)
            throw .netlink(operation, rc)
        }
        // A kernel that never answers must not hang pulse.
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        _ = setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        socket = sk
    }

    deinit { nl_socket_free(socket) }

    // MARK: - Addresses

    /// Adds `vip`: the address with its prefix, broadcast and label (IPv4), or without duplicate
    /// address detection (`IFA_F_NODAD`, IPv6), so it is usable at once.
    @discardableResult
    public func add(_ vip: VirtualAddress) throws(InterfaceError) -> AddressChange {
        let labelText = vip.interface.isAlias && vip.address.family == .inet ? " (label \(vip.interface.label))" : ""
        let operation = "adding \(vip.cidr)\(labelText) to \(vip.interface.device)"
        let index = try interfaceIndex(vip.interface.device, operation: operation)
        let request = try addressRequest(
            vip.address, prefixLength: vip.prefixLength, index: index, operation: operation)
        defer { rtnl_addr_put(request) }
        switch vip.address {
        case .v4:
            if let broadcast = vip.broadcast {
                let address = try netlinkAddress(.v4(broadcast), prefixLength: 32, operation: operation)
                defer { nl_addr_put(address) }
                try check(rtnl_addr_set_broadcast(request, address), operation)
            }
            try check(rtnl_addr_set_label(request, vip.interface.label), operation)
        case .v6:
            rtnl_addr_set_flags(request, UInt32(IFA_F_NODAD))
        }
        let rc = rtnl_addr_add(socket, request, 0)
        if rc == 0 { return .changed }
        if -rc == NLE_EXIST { return .unchanged }
        throw .netlink(operation, rc)
    }

    /// Removes `vip`'s address from its device, whatever prefix length it was added with. A missing
    /// address or device counts as already removed.
    @discardableResult
    public func remove(_ vip: VirtualAddress) throws(InterfaceError) -> AddressChange {
        let operation = "removing \(vip.cidr) from \(vip.interface.device)"
        let index: Int32
        do {
            index = try interfaceIndex(vip.interface.device, operation: operation)
        } catch {
            if error.cause == .noSuchDevice { return .unchanged }
            throw error
        }
        if try delete(vip.address, prefixLength: vip.prefixLength, index: index, operation: operation) {
            return .changed
        }
        // Not there with this prefix: remove it with whatever prefix it has.
        var change = AddressChange.unchanged
        for existing in try addresses(index: index, operation: operation) where existing.address == vip.address {
            if try delete(existing.address, prefixLength: existing.prefixLength, index: index, operation: operation) {
                change = .changed
            }
        }
        return change
    }

    /// The addresses configured on `device`, IPv4 then IPv6, in the kernel's order.
    public func addresses(on device: String) throws(InterfaceError) -> [InterfaceAddress] {
        let operation = "listing the addresses of \(device)"
        return try addresses(index: interfaceIndex(device, operation: operation), operation: operation)
    }

    /// The interface that holds `address`, or `nil` when no interface does. pulse uses it to learn
    /// its role (the node holding `primary` is the primary, as Piranha's `amMaster()`) and which
    /// links to watch for `monitor_links` (those carrying its public and private addresses).
    public func interface(holding address: IPAddress) throws(InterfaceError) -> String? {
        let operation = "looking for the interface holding \(address)"
        guard let entry = try addresses(index: nil, operation: operation).first(where: { $0.address == address })
        else { return nil }
        var link: OpaquePointer?
        try check(rtnl_link_get_kernel(socket, entry.interfaceIndex, nil, &link), operation)
        guard let link else { return nil }
        defer { rtnl_link_put(link) }
        return rtnl_link_get_name(link).map { String(cString: $0) }
    }

    /// The addresses on the interface with `index`, or on every interface when `index` is `nil`.
    private func addresses(index: Int32?, operation: String) throws(InterfaceError) -> [InterfaceAddress] {
        var cache: OpaquePointer?
        try check(rtnl_addr_alloc_cache(socket, &cache), operation)
        defer { nl_cache_free(cache) }
        var result: [InterfaceAddress] = []
        var object = nl_cache_get_first(cache)
        while let entry = object {
            object = nl_cache_get_next(entry)
            let entryIndex = rtnl_addr_get_ifindex(entry)
            guard index == nil || entryIndex == index, let local = rtnl_addr_get_local(entry),
                let address = Self.ipAddress(local)
            else { continue }
            let label = address.family == .inet ? rtnl_addr_get_label(entry).map { String(cString: $0) } : nil
            let broadcast = rtnl_addr_get_broadcast(entry).flatMap(Self.ipAddress)?.v4
            result.append(
                InterfaceAddress(
                    address: address, prefixLength: Int(rtnl_addr_get_prefixlen(entry)), interfaceIndex: entryIndex,
                    label: label, broadcast: broadcast, flags: rtnl_addr_get_flags(entry)))
        }
        return result
    }

    /// Sends RTM_DELADDR; `false` when the kernel has no such address.
    private func delete(
        _ address: IPAddress, prefixLength: Int, index: Int32, operation: String
    ) throws(InterfaceError) -> Bool {
        let request = try addressRequest(address, prefixLength: prefixLength, index: index, operation: operation)
        defer { rtnl_addr_put(request) }
        let rc = rtnl_addr_delete(socket, request, 0)
        if rc == 0 { return true }
        if -rc == NLE_NOADDR || -rc == NLE_OBJ_NOTFOUND { return false }
        throw .netlink(operation, rc)
    }

    private func addressRequest(
        _ address: IPAddress, prefixLength: Int, index: Int32, operation: String
    ) throws(InterfaceError) -> OpaquePointer {
        guard let request = rtnl_addr_alloc() else { throw InterfaceError(operation, .netlink(code: NLE_NOMEM)) }
        rtnl_addr_set_ifindex(request, index)
        rtnl_addr_set_family(request, Int32(address.family.rawValue))
        do {
            let local = try netlinkAddress(address, prefixLength: prefixLength, operation: operation)
            defer { nl_addr_put(local) }
            try check(rtnl_addr_set_local(request, local), operation)
        } catch {
            rtnl_addr_put(request)
            throw error
        }
        rtnl_addr_set_prefixlen(request, Int32(prefixLength))
        return request
    }

    private func netlinkAddress(
        _ address: IPAddress, prefixLength: Int, operation: String
    ) throws(InterfaceError) -> OpaquePointer {
        var bytes = address.bytes
        guard let built = nl_addr_build(Int32(address.family.rawValue), &bytes, bytes.count) else {
            throw InterfaceError(operation, .netlink(code: NLE_NOMEM))
        }
        nl_addr_set_prefixlen(built, Int32(prefixLength))
        return built
    }

    static func ipAddress(_ address: OpaquePointer) -> IPAddress? {
        guard let raw = nl_addr_get_binary_addr(address) else { return nil }
        let count = Int(nl_addr_get_len(address))
        return IPAddress(bytes: UnsafeRawBufferPointer(start: raw, count: count))
    }

    // MARK: - Links

    /// The state and MAC address of `name`.
    public func link(named name: String) throws(InterfaceError) -> LinkStatus {
        let operation = "reading the state of \(name)"
        var link: OpaquePointer?
        try check(rtnl_link_get_kernel(socket, 0, name, &link), operation)
        guard let link else { throw InterfaceError(operation, .noSuchDevice) }
        defer { rtnl_link_put(link) }
        let flags = rtnl_link_get_flags(link)
        var mac: MACAddress?
        if let hardware = rtnl_link_get_addr(link), let raw = nl_addr_get_binary_addr(hardware) {
            mac = MACAddress(bytes: UnsafeRawBufferPointer(start: raw, count: Int(nl_addr_get_len(hardware))))
        }
        return LinkStatus(
            name: name, index: rtnl_link_get_ifindex(link), macAddress: mac, isUp: flags & UInt32(IFF_UP) != 0,
            hasCarrier: flags & Self.lowerUpFlag != 0,
            operationalState: OperationalState(rawValue: rtnl_link_get_operstate(link)) ?? .unknown)
    }

    /// `IFF_LOWER_UP` (linux/if.h, not importable beside <net/if.h>): the driver signals carrier.
    static let lowerUpFlag: UInt32 = 1 << 16

    // MARK: - Helpers

    /// The index of `device`, asked over this socket so that it is the index in the socket's own
    /// network namespace (`if_nametoindex` answers for the calling thread's).
    func interfaceIndex(_ device: String, operation: String) throws(InterfaceError) -> Int32 {
        var link: OpaquePointer?
        let rc = rtnl_link_get_kernel(socket, 0, device, &link)
        guard rc >= 0, let link else {
            throw -rc == NLE_OBJ_NOTFOUND || -rc == NLE_NODEV || rc >= 0
                ? InterfaceError(operation, .noSuchDevice) : .netlink(operation, rc)
        }
        defer { rtnl_link_put(link) }
        return rtnl_link_get_ifindex(link)
    }

    private func check(_ rc: Int32, _ operation: String) throws(InterfaceError) {
        if rc < 0 { throw .netlink(operation, rc) }
    }
}
