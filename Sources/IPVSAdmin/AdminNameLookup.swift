#if canImport(Glibc)
import Glibc
#endif
import Addressing
import IPVS

/// Host and service names the way ipvsadm looks them up (`gethostbyname`, `getservbyname`,
/// `gethostbyaddr`, `getservbyport`), with the answers remembered for the life of the process
/// because a listing asks about the same addresses and ports many times.
///
/// Deliberately not lvs.cf's `getaddrinfo` resolver: lvsadm must accept and print exactly what
/// ipvsadm does, IPv4-only host names and reverse lookups included.
final class AdminNameLookup {
    private var hostNames: [IPAddress: String?] = [:]
    private var serviceNames: [Int: String?] = [:]

    /// `host_to_addr`: the first IPv4 address of a host name, or nil.
    func ipv4Address(ofHost name: String) -> IPv4Address? {
        guard let entry = gethostbyname(name), entry.pointee.h_addrtype == AF_INET, entry.pointee.h_length == 4,
            let list = entry.pointee.h_addr_list, let first = list[0]
        else { return nil }
        return IPv4Address(bytes: UnsafeRawBufferPointer(start: first, count: 4))
    }

    /// `service_to_port`: the port of a service name for `proto`, or nil.
    func port(ofService name: String, protocol proto: IPVSProtocol) -> UInt16? {
        guard let database = proto.serviceDatabaseName, let entry = getservbyname(name, database) else { return nil }
        return UInt16(bigEndian: UInt16(truncatingIfNeeded: entry.pointee.s_port))
    }

    /// `addr_to_anyname`: the host name of an address, or its numeric text.
    func name(of address: IPAddress) -> String {
        if let cached = hostNames[address] { return cached ?? address.description }
        let bytes = address.bytes
        let family = address.family == .inet6 ? AF_INET6 : AF_INET
        let entry = bytes.withUnsafeBytes { gethostbyaddr($0.baseAddress, socklen_t($0.count), family) }
        let name = entry.flatMap { $0.pointee.h_name.map { String(cString: $0) } }
        hostNames[address] = .some(name)
        return name ?? address.description
    }

    /// `port_to_anyname`: the service name of a port for `proto`, or the decimal number.
    func name(ofPort port: UInt16, protocol proto: IPVSProtocol?) -> String {
        let key = Int(port) << 16 | Int(proto?.rawValue ?? 0)
        if let cached = serviceNames[key] { return cached ?? "\(port)" }
        var name: String?
        if let database = proto?.serviceDatabaseName, let entry = getservbyport(Int32(port.bigEndian), database) {
            name = entry.pointee.s_name.map { String(cString: $0) }
        }
        serviceNames[key] = .some(name)
        return name ?? "\(port)"
    }
}
