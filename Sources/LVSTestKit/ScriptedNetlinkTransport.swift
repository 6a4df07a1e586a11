import IPVS

/// A ``NetlinkTransport`` whose "kernel" is a closure: for every datagram sent, it returns the
/// datagrams to queue for receiving. For unit tests of the IPVS client's request/reply
/// bookkeeping (sequence numbers, acknowledgements, dumps, pipelining, timeouts), with replies
/// recorded from a real kernel or built by hand.
public final class ScriptedNetlinkTransport: NetlinkTransport, @unchecked Sendable {
    /// The family id requests are addressed to.
    public let familyID: UInt16
    /// Every datagram sent so far.
    public private(set) var sent: [[UInt8]] = []
    /// The largest `maximumCount` asked for in one receive.
    public private(set) var largestReceive = 0
    private var queue: [[UInt8]] = []
    private let respond: ([NetlinkMessage]) -> [[UInt8]]

    /// Creates a transport; `respond` gets the messages of each sent datagram.
    public init(familyID: UInt16 = 0x20, respond: @escaping ([NetlinkMessage]) -> [[UInt8]]) {
        self.familyID = familyID
        self.respond = respond
    }

    /// Records the datagram and queues what the closure answers to its messages.
    public func send(_ datagram: [UInt8]) throws(NetlinkTransportError) {
        sent.append(datagram)
        guard let messages = try? NetlinkMessage.parse(datagram[...]) else {
            throw .system(call: "send (unparsable datagram)", errno: 22)
        }
        queue += respond(messages)
    }

    /// Returns queued datagrams; with none queued, times out at once (as a silent kernel would).
    public func receive(maximumCount: Int) throws(NetlinkTransportError) -> [[UInt8]] {
        largestReceive = max(largestReceive, maximumCount)
        guard !queue.isEmpty else { throw .timedOut(seconds: 0) }
        let count = min(maximumCount, queue.count)
        defer { queue.removeFirst(count) }
        return Array(queue.prefix(count))
    }

    /// Queues a datagram as if the kernel had sent it unasked.
    public func inject(_ datagram: [UInt8]) { queue.append(datagram) }

    /// An `NLMSG_ERROR` for `sequence`: an acknowledgement when `errno` is 0.
    public static func acknowledgement(sequence: UInt32, errno: Int32 = 0) -> [UInt8] {
        var bytes = header(length: 36, type: NetlinkMessageType.error, flags: 0x100, sequence: sequence)
        bytes += littleEndian(UInt32(bitPattern: -errno))
        bytes += header(length: 20, type: 0x20, flags: 5, sequence: sequence)
        return bytes
    }

    /// `NLMSG_DONE` for `sequence`.
    public static func done(sequence: UInt32) -> [UInt8] {
        header(length: 20, type: NetlinkMessageType.done, flags: 2, sequence: sequence) + [0, 0, 0, 0]
    }

    private static func header(length: UInt32, type: UInt16, flags: UInt16, sequence: UInt32) -> [UInt8] {
        littleEndian(length) + [UInt8(type & 0xff), UInt8(type >> 8), UInt8(flags & 0xff), UInt8(flags >> 8)]
            + littleEndian(sequence) + littleEndian(0x4242)
    }

    private static func littleEndian(_ v: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
    }
}
