/// One netlink message from a receive buffer: its header fields and payload.
public struct NetlinkMessage: Sendable {
    /// `nlmsg_type`: a family id, or `NLMSG_ERROR` / `NLMSG_DONE` / …
    public let type: UInt16
    /// `nlmsg_flags`.
    public let flags: NetlinkMessageFlags
    /// `nlmsg_seq`: the sequence number of the request this answers.
    public let sequence: UInt32
    /// `nlmsg_pid`.
    public let portID: UInt32
    /// Everything after the 16-byte header.
    public let payload: ArraySlice<UInt8>

    /// Splits a received datagram into messages.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(NetlinkDecodingError) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var offset = bytes.startIndex
        while offset + NetlinkAttributeLayout.messageHeaderLength <= bytes.endIndex {
            func u32(_ at: Int) -> UInt32 {
                UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3])
                    << 24
            }
            func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
            let length = Int(u32(offset))
            guard length >= NetlinkAttributeLayout.messageHeaderLength, offset + length <= bytes.endIndex else {
                throw NetlinkDecodingError("netlink message of length \(length) overruns its datagram")
            }
            messages.append(
                NetlinkMessage(
                    type: u16(offset + 4), flags: NetlinkMessageFlags(rawValue: u16(offset + 6)),
                    sequence: u32(offset + 8), portID: u32(offset + 12),
                    payload: bytes[(offset + NetlinkAttributeLayout.messageHeaderLength)..<(offset + length)]))
            offset += NetlinkAttributeLayout.aligned(length)
        }
        if offset < bytes.endIndex {
            throw NetlinkDecodingError("\(bytes.endIndex - offset) bytes after the last netlink message")
        }
        return messages
    }

    /// For `NLMSG_ERROR`: the errno (positive; 0 for an acknowledgement). For `NLMSG_DONE`: the
    /// dump's final status, if the kernel sent one. Nil for other messages.
    public var errorCode: Int32? {
        guard type == NetlinkMessageType.error || type == NetlinkMessageType.done else { return nil }
        guard payload.count >= 4 else { return type == NetlinkMessageType.done ? 0 : nil }
        let p = payload.startIndex
        let raw =
            UInt32(payload[p]) | UInt32(payload[p + 1]) << 8 | UInt32(payload[p + 2]) << 16
            | UInt32(payload[p + 3]) << 24
        return 0 &- Int32(bitPattern: raw)
    }

    /// For a generic-netlink message: the command byte of `genlmsghdr`.
    public var genericCommand: UInt8? {
        payload.count >= NetlinkAttributeLayout.genericHeaderLength ? payload[payload.startIndex] : nil
    }

    /// For a generic-netlink message: the attributes after `genlmsghdr`.
    public var genericAttributes: ArraySlice<UInt8> {
        let start = min(payload.startIndex + NetlinkAttributeLayout.genericHeaderLength, payload.endIndex)
        return payload[start...]
    }
}
