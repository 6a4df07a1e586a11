/// Builds one generic-netlink request: `nlmsghdr`, `genlmsghdr`, then attributes, in host byte
/// order except where an attribute says otherwise.
///
/// The builder is pure: it only produces bytes. Lengths are filled in as nests close and when
/// the message is finished.
public struct NetlinkMessageBuilder: Sendable {
    private var bytes: [UInt8]
    private var openNests: [Int] = []

    /// Starts a message.
    ///
    /// - Parameters:
    ///   - type: the generic-netlink family id.
    ///   - flags: `NLM_F_*`.
    ///   - sequence: the sequence number replies will carry.
    ///   - portID: the sender's port (0 lets the kernel not care).
    ///   - command: the family's command.
    ///   - version: the family's version.
    public init(
        type: UInt16, flags: NetlinkMessageFlags, sequence: UInt32, portID: UInt32 = 0, command: UInt8,
        version: UInt8
    ) {
        bytes = []
        bytes.reserveCapacity(128)
        append32(0)  // nlmsg_len, filled by finish()
        append16(type)
        append16(flags.rawValue)
        append32(sequence)
        append32(portID)
        bytes.append(command)
        bytes.append(version)
        append16(0)
    }

    /// Appends an attribute with raw payload bytes (padded to 4 bytes).
    public mutating func append(_ type: UInt16, bytes payload: some Collection<UInt8>) {
        append16(UInt16(NetlinkAttributeLayout.headerLength + payload.count))
        append16(type)
        bytes.append(contentsOf: payload)
        pad()
    }

    /// Appends a `u8` attribute.
    public mutating func append(_ type: UInt16, uint8 value: UInt8) { append(type, bytes: CollectionOfOne(value)) }

    /// Appends a host-order `u16` attribute.
    public mutating func append(_ type: UInt16, uint16 value: UInt16) {
        append(type, bytes: Self.littleEndianBytes(value))
    }

    /// Appends a network-order (big-endian) `__be16` attribute, such as a port.
    public mutating func append(_ type: UInt16, bigEndianUInt16 value: UInt16) {
        append(type, bytes: [UInt8(value >> 8), UInt8(value & 0xff)])
    }

    /// Appends a host-order `u32` attribute.
    public mutating func append(_ type: UInt16, uint32 value: UInt32) {
        append(type, bytes: Self.littleEndianBytes(value))
    }

    /// Appends a host-order `u64` attribute.
    public mutating func append(_ type: UInt16, uint64 value: UInt64) {
        append(type, bytes: Self.littleEndianBytes(value))
    }

    /// Appends a NUL-terminated string attribute.
    public mutating func append(_ type: UInt16, string: String) {
        append(type, bytes: Array(string.utf8) + [0])
    }

    /// Opens a nested attribute (`NLA_F_NESTED` set); close it with ``endNested()``.
    public mutating func beginNested(_ type: UInt16) {
        openNests.append(bytes.count)
        append16(0)
        append16(type | NetlinkAttributeLayout.nestedFlag)
    }

    /// Closes the innermost open nest.
    public mutating func endNested() {
        let start = openNests.removeLast()
        let length = UInt16(bytes.count - start)
        bytes[start] = UInt8(length & 0xff)
        bytes[start + 1] = UInt8(length >> 8)
    }

    /// The finished message, with its length set. Every nest must be closed.
    public func finish() -> [UInt8] {
        precondition(openNests.isEmpty, "netlink message finished with an open nest")
        var out = bytes
        let length = UInt32(out.count)
        for i in 0..<4 { out[i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
        return out
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    private mutating func append16(_ v: UInt16) { bytes.append(contentsOf: Self.littleEndianBytes(v)) }
    private mutating func append32(_ v: UInt32) { bytes.append(contentsOf: Self.littleEndianBytes(v)) }

    // Netlink uses the host's byte order; the project targets little-endian Linux (x86-64, arm64).
    private static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
