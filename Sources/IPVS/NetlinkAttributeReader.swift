/// Walks the attributes of a netlink payload (or nest) one by one, without building a table:
/// the decoder's fast path for the thousands of services and destinations of a large listing.
struct NetlinkAttributeReader {
    let buffer: ArraySlice<UInt8>
    private var offset: Int

    init(_ buffer: ArraySlice<UInt8>) {
        self.buffer = buffer
        offset = buffer.startIndex
    }

    /// The next attribute's type (flags removed) and payload range, or nil at the end.
    mutating func next() throws(NetlinkDecodingError) -> (type: UInt16, payload: Range<Int>)? {
        guard offset + NetlinkAttributeLayout.headerLength <= buffer.endIndex else { return nil }
        let length = Int(buffer[offset]) | Int(buffer[offset + 1]) << 8
        let type = (UInt16(buffer[offset + 2]) | UInt16(buffer[offset + 3]) << 8) & NetlinkAttributeLayout.typeMask
        guard length >= NetlinkAttributeLayout.headerLength, offset + length <= buffer.endIndex else {
            throw NetlinkDecodingError("attribute \(type) of length \(length) overruns its buffer")
        }
        let payload = (offset + NetlinkAttributeLayout.headerLength)..<(offset + length)
        offset += NetlinkAttributeLayout.aligned(length)
        return (type, payload)
    }

    /// A host-order integer of `size` bytes (1, 2, 4 or 8) at the start of `payload`.
    func integer(_ payload: Range<Int>, size: Int, type: UInt16) throws(NetlinkDecodingError) -> UInt64 {
        guard payload.count >= size else {
            throw NetlinkDecodingError("attribute \(type) has \(payload.count) bytes, needs \(size)")
        }
        var value: UInt64 = 0
        var i = payload.lowerBound + size
        while i > payload.lowerBound {
            i -= 1
            value = value << 8 | UInt64(buffer[i])
        }
        return value
    }

    /// A network-order 16-bit integer at the start of `payload`.
    func bigEndian16(_ payload: Range<Int>, type: UInt16) throws(NetlinkDecodingError) -> UInt16 {
        guard payload.count >= 2 else {
            throw NetlinkDecodingError("attribute \(type) has \(payload.count) bytes, needs 2")
        }
        return UInt16(buffer[payload.lowerBound]) << 8 | UInt16(buffer[payload.lowerBound + 1])
    }

    /// A network-order 32-bit integer at `offset` bytes into `payload`.
    func bigEndian32(_ payload: Range<Int>, at offset: Int = 0) -> UInt32 {
        let p = payload.lowerBound + offset
        return UInt32(buffer[p]) << 24 | UInt32(buffer[p + 1]) << 16 | UInt32(buffer[p + 2]) << 8
            | UInt32(buffer[p + 3])
    }

    /// The text of a NUL-terminated string payload.
    func string(_ payload: Range<Int>) -> String {
        var end = payload.lowerBound
        while end < payload.upperBound, buffer[end] != 0 { end += 1 }
        return String(decoding: buffer[payload.lowerBound..<end], as: UTF8.self)
    }
}
