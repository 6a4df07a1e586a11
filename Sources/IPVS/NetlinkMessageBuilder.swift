import Addressing

/// Builds one generic-netlink request: `nlmsghdr`, `genlmsghdr`, then attributes, in host byte
/// order except where an attribute says otherwise.
///
/// The builder is pure: it only produces bytes. Lengths are filled in as nests close and when
/// the message is finished. It writes byte by byte into one buffer, because lvsadm encodes tens
/// of thousands of requests for a large restore.
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
        bytes.reserveCapacity(160)
        put32(0)  // nlmsg_len, filled by finish()
        put16(type)
        put16(flags.rawValue)
        put32(sequence)
        put32(portID)
        bytes.append(command)
        bytes.append(version)
        put16(0)
    }

    /// Appends an attribute with raw payload bytes (padded to 4 bytes).
    public mutating func append(_ type: UInt16, bytes payload: [UInt8]) {
        header(type, payload.count)
        bytes.append(contentsOf: payload)
        pad()
    }

    /// Appends an address attribute: its 4 or 16 bytes in network order.
    public mutating func append(_ type: UInt16, address: IPAddress) {
        switch address {
        case .v4(let a):
            header(type, 4)
            putBigEndian32(a.value)
        case .v6(let a):
            header(type, 16)
            putBigEndian32(UInt32(truncatingIfNeeded: a.high >> 32))
            putBigEndian32(UInt32(truncatingIfNeeded: a.high))
            putBigEndian32(UInt32(truncatingIfNeeded: a.low >> 32))
            putBigEndian32(UInt32(truncatingIfNeeded: a.low))
        }
    }

    /// Appends a `u8` attribute.
    public mutating func append(_ type: UInt16, uint8 value: UInt8) {
        header(type, 1)
        bytes.append(value)
        pad()
    }

    /// Appends a host-order `u16` attribute.
    public mutating func append(_ type: UInt16, uint16 value: UInt16) {
        header(type, 2)
        put16(value)
        pad()
    }

    /// Appends a network-order (big-endian) `__be16` attribute, such as a port.
    public mutating func append(_ type: UInt16, bigEndianUInt16 value: UInt16) {
        header(type, 2)
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
        pad()
    }

    /// Appends a host-order `u32` attribute.
    public mutating func append(_ type: UInt16, uint32 value: UInt32) {
        header(type, 4)
        put32(value)
    }

    /// Appends two host-order `u32` values as one attribute (`struct ip_vs_flags`).
    public mutating func append(_ type: UInt16, uint32 first: UInt32, _ second: UInt32) {
        header(type, 8)
        put32(first)
        put32(second)
    }

    /// Appends a host-order `u64` attribute.
    public mutating func append(_ type: UInt16, uint64 value: UInt64) {
        header(type, 8)
        put32(UInt32(truncatingIfNeeded: value))
        put32(UInt32(truncatingIfNeeded: value >> 32))
    }

    /// Appends a NUL-terminated string attribute.
    public mutating func append(_ type: UInt16, string: String) {
        var text = string
        let count = text.utf8.count
        header(type, count + 1)
        text.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(0)
        pad()
    }

    /// Opens a nested attribute (`NLA_F_NESTED` set); close it with ``endNested()``.
    public mutating func beginNested(_ type: UInt16) {
        openNests.append(bytes.count)
        put16(0)
        put16(type | NetlinkAttributeLayout.nestedFlag)
    }

    /// Closes the innermost open nest.
    public mutating func endNested() {
        let start = openNests.removeLast()
        let length = UInt16(bytes.count - start)
        bytes[start] = UInt8(truncatingIfNeeded: length)
        bytes[start + 1] = UInt8(truncatingIfNeeded: length >> 8)
    }

    /// The finished message, with its length set. Every nest must be closed.
    public func finish() -> [UInt8] {
        precondition(openNests.isEmpty, "netlink message finished with an open nest")
        var out = bytes
        let length = UInt32(out.count)
        out[0] = UInt8(truncatingIfNeeded: length)
        out[1] = UInt8(truncatingIfNeeded: length >> 8)
        out[2] = UInt8(truncatingIfNeeded: length >> 16)
        out[3] = UInt8(truncatingIfNeeded: length >> 24)
        return out
    }

    private mutating func header(_ type: UInt16, _ payloadLength: Int) {
        put16(UInt16(NetlinkAttributeLayout.headerLength + payloadLength))
        put16(type)
    }

    private mutating func pad() {
        while bytes.count & 3 != 0 { bytes.append(0) }
    }

    // Netlink uses the host's byte order; the project targets little-endian Linux (x86-64, arm64).
    private mutating func put16(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    private mutating func put32(_ v: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    private mutating func putBigEndian32(_ v: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }
}
