/// The attributes of one netlink payload (or of one nest), indexed by type.
///
/// Parsing checks that every attribute lies inside the buffer; accessors check the payload
/// length of the attribute they read. Types above the highest known one are ignored, so replies
/// from newer kernels still decode. When a type occurs twice, the last one wins (as in libnl).
public struct NetlinkAttributes: Sendable {
    private let buffer: ArraySlice<UInt8>
    private var payloads: [Range<Int>?]

    /// Parses `bytes` (a sequence of `struct nlattr`) keeping types 1…`maximumType`.
    public init(_ bytes: ArraySlice<UInt8>, maximumType: Int) throws(NetlinkDecodingError) {
        buffer = bytes
        payloads = Array(repeating: nil, count: maximumType + 1)
        var offset = bytes.startIndex
        while offset + NetlinkAttributeLayout.headerLength <= bytes.endIndex {
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            let type = (UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8) & NetlinkAttributeLayout.typeMask
            guard length >= NetlinkAttributeLayout.headerLength, offset + length <= bytes.endIndex else {
                throw NetlinkDecodingError("attribute \(type) of length \(length) overruns its buffer")
            }
            if Int(type) <= maximumType {
                payloads[Int(type)] = (offset + NetlinkAttributeLayout.headerLength)..<(offset + length)
            }
            offset += NetlinkAttributeLayout.aligned(length)
        }
    }

    /// The bytes the attributes were parsed from.
    public var rawBytes: ArraySlice<UInt8> { buffer }

    /// Whether the attribute is present.
    public func contains(_ type: UInt16) -> Bool { payload(type) != nil }

    /// The raw payload of an attribute.
    public func bytes(_ type: UInt16) -> ArraySlice<UInt8>? {
        payload(type).map { buffer[$0] }
    }

    /// A `u8` attribute.
    public func uint8(_ type: UInt16) throws(NetlinkDecodingError) -> UInt8? {
        guard let r = payload(type) else { return nil }
        try need(1, r, type)
        return buffer[r.lowerBound]
    }

    /// A host-order `u16` attribute.
    public func uint16(_ type: UInt16) throws(NetlinkDecodingError) -> UInt16? {
        guard let r = payload(type) else { return nil }
        try need(2, r, type)
        return UInt16(truncatingIfNeeded: littleEndian(r.lowerBound, 2))
    }

    /// A network-order `__be16` attribute.
    public func bigEndianUInt16(_ type: UInt16) throws(NetlinkDecodingError) -> UInt16? {
        guard let r = payload(type) else { return nil }
        try need(2, r, type)
        return UInt16(buffer[r.lowerBound]) << 8 | UInt16(buffer[r.lowerBound + 1])
    }

    /// A host-order `u32` attribute.
    public func uint32(_ type: UInt16) throws(NetlinkDecodingError) -> UInt32? {
        guard let r = payload(type) else { return nil }
        try need(4, r, type)
        return UInt32(truncatingIfNeeded: littleEndian(r.lowerBound, 4))
    }

    /// A host-order `u64` attribute.
    public func uint64(_ type: UInt16) throws(NetlinkDecodingError) -> UInt64? {
        guard let r = payload(type) else { return nil }
        try need(8, r, type)
        return littleEndian(r.lowerBound, 8)
    }

    /// A NUL-terminated string attribute (the text before the first NUL).
    public func string(_ type: UInt16) -> String? {
        guard let r = payload(type) else { return nil }
        let text = buffer[r].prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }

    /// A nested attribute, parsed with `maximumType`.
    public func nested(_ type: UInt16, maximumType: Int) throws(NetlinkDecodingError) -> NetlinkAttributes? {
        guard let r = payload(type) else { return nil }
        return try NetlinkAttributes(buffer[r], maximumType: maximumType)
    }

    private func payload(_ type: UInt16) -> Range<Int>? {
        Int(type) < payloads.count ? payloads[Int(type)] : nil
    }

    private func need(_ size: Int, _ r: Range<Int>, _ type: UInt16) throws(NetlinkDecodingError) {
        guard r.count >= size else {
            throw NetlinkDecodingError("attribute \(type) has \(r.count) bytes, needs \(size)")
        }
    }

    private func littleEndian(_ at: Int, _ size: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in (0..<size).reversed() { v = v << 8 | UInt64(buffer[at + i]) }
        return v
    }
}
