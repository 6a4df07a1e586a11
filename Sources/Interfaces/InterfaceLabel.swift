/// An interface name as lvs.cf writes it: a device (`eth0`) or Piranha's alias form (`eth0:1`),
/// whose device is the part before the colon. The alias becomes the IPv4 address label, so
/// `ip addr` and `ifconfig` show the VIP as `eth0:1`, as they did under Piranha.
public struct InterfaceLabel: Hashable, Sendable, CustomStringConvertible {
    /// The whole name, e.g. `eth0:1` (the kernel's `IFA_LABEL`).
    public let label: String
    /// The device, e.g. `eth0`.
    public let device: String

    /// The longest interface name or label the kernel keeps (`IFNAMSIZ` - 1).
    public static let maximumLength = 15

    /// Parses `eth0` or `eth0:1`.
    public init(_ text: String) throws(InterfaceError) {
        let operation = "interface \"\(text)\""
        guard !text.isEmpty else { throw InterfaceError(operation, .invalidArgument("empty interface name")) }
        guard text.utf8.count <= Self.maximumLength else {
            throw InterfaceError(
                operation, .invalidArgument("longer than \(Self.maximumLength) characters, the kernel's limit"))
        }
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "/") || $0 >= 0x7f }) else {
            throw InterfaceError(operation, .invalidArgument("contains a space, a slash or a non-ASCII character"))
        }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts[0].isEmpty else { throw InterfaceError(operation, .invalidArgument("no device before ':'")) }
        guard parts.count == 1 || !parts[1].isEmpty else {
            throw InterfaceError(operation, .invalidArgument("no alias after ':'"))
        }
        label = text
        device = String(parts[0])
    }

    /// Whether it names an alias (`eth0:1`) rather than the device itself.
    public var isAlias: Bool { label != device }

    public var description: String { label }
}
