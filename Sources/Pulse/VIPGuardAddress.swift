import Addressing
import Interfaces

/// How pulse names a VIP on its guard's command line: `ADDRESS/PREFIX@INTERFACE`, e.g.
/// `10.0.0.100/24@eth0:1` or `2001:db8::1/64@eth0`.
public enum VIPGuardAddress {
    /// The argument for `address`.
    public static func argument(_ address: VirtualAddress) -> String {
        "\(address.address)/\(address.prefixLength)@\(address.interface)"
    }

    /// The address an argument names; a clear error for one that names none.
    public static func parse(_ argument: String) throws(VIPGuardAddressError) -> VirtualAddress {
        guard let at = argument.lastIndex(of: "@"), let slash = argument[..<at].lastIndex(of: "/"),
            let address = IPAddress(String(argument[..<slash])),
            let prefix = Int(argument[argument.index(after: slash)..<at])
        else { throw VIPGuardAddressError(argument: argument) }
        do {
            let interface = try InterfaceLabel(String(argument[argument.index(after: at)...]))
            switch address {
            case .v4(let v4):
                guard let netmask = IPv4Netmask(prefixLength: prefix) else {
                    throw VIPGuardAddressError(argument: argument)
                }
                return VirtualAddress(v4, netmask: netmask, interface: interface)
            case .v6(let v6):
                return try VirtualAddress(v6, prefixLength: prefix, interface: interface)
            }
        } catch {
            throw VIPGuardAddressError(argument: argument)
        }
    }
}

/// A guard argument that names no VIP.
public struct VIPGuardAddressError: Error, Equatable, CustomStringConvertible {
    /// The argument.
    public let argument: String
    public var description: String {
        "VIP guard: \"\(argument)\" is not a VIP (expected ADDRESS/PREFIX@INTERFACE, e.g. 10.0.0.100/24@eth0:1)"
    }
}
