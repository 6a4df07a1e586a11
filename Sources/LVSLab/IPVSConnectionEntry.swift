/// One line of `/proc/net/ip_vs_conn`: a connection IPVS tracks, from the client to the virtual
/// service, forwarded to a real server. Pure parsing.
///
/// ```
/// Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
/// TCP 0A000009 A3F2 0A000064 0007 0A00010B 0007 ESTABLISHED     899
/// ```
public struct IPVSConnectionEntry: Sendable, Hashable {
    /// `TCP`, `UDP`, `SCTP`.
    public var transport: String
    /// The client's address.
    public var client: String
    /// The client's port.
    public var clientPort: UInt16
    /// The virtual address.
    public var virtualAddress: String
    /// The virtual port.
    public var virtualPort: UInt16
    /// The real server's address.
    public var destination: String
    /// The real server's port.
    public var destinationPort: UInt16
    /// The TCP state (`ESTABLISHED`, `SYN_RECV`, …).
    public var state: String
    /// Seconds left before it expires.
    public var expires: Int

    /// An entry.
    public init(
        transport: String, client: String, clientPort: UInt16, virtualAddress: String, virtualPort: UInt16,
        destination: String, destinationPort: UInt16, state: String, expires: Int
    ) {
        self.transport = transport
        self.client = client
        self.clientPort = clientPort
        self.virtualAddress = virtualAddress
        self.virtualPort = virtualPort
        self.destination = destination
        self.destinationPort = destinationPort
        self.state = state
        self.expires = expires
    }

    /// The IPv4 entries of a `/proc/net/ip_vs_conn` text (the header and IPv6 lines are skipped).
    public static func parse(_ text: String) -> [IPVSConnectionEntry] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 9, fields[0] != "Pro",
                let client = address(fields[1]), let clientPort = UInt16(fields[2], radix: 16),
                let virtual = address(fields[3]), let virtualPort = UInt16(fields[4], radix: 16),
                let destination = address(fields[5]), let destinationPort = UInt16(fields[6], radix: 16),
                let expires = Int(fields[8])
            else { return nil }
            return IPVSConnectionEntry(
                transport: fields[0], client: client, clientPort: clientPort, virtualAddress: virtual,
                virtualPort: virtualPort,
                destination: destination, destinationPort: destinationPort, state: fields[7], expires: expires)
        }
    }

    /// `0A000009` → `10.0.0.9`.
    static func address(_ hex: String) -> String? {
        guard hex.count == 8, let value = UInt32(hex, radix: 16) else { return nil }
        return [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
    }
}
