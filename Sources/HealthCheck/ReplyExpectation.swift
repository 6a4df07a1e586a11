/// What a reply must look like for a TCP or UDP check to pass.
public enum ReplyExpectation: Sendable, CustomStringConvertible {
    /// No reply is awaited (TCP: connecting, and sending if asked, is enough).
    case nothing
    /// Any reply of at least one byte (Piranha's `expect = "*"`).
    case anyReply
    /// The reply starts with these bytes (Piranha's `strncmp` prefix match).
    case prefix([UInt8])
    /// The reply matches this POSIX extended regular expression (`--regex`).
    case regex(POSIXRegex)

    /// How much of a reply is read at most.
    public static let replyLimit = 4096

    /// The verdict on what has been received so far.
    public enum Verdict: Equatable, Sendable {
        /// It passes.
        case matched
        /// Not decided yet: read more.
        case needMore
        /// It fails, with the reason.
        case mismatch(String)
    }

    /// Judges `received`; `complete` means nothing more will come (end of stream, a whole UDP
    /// datagram, or the read limit).
    public func verdict(on received: [UInt8], complete: Bool) -> Verdict {
        switch self {
        case .nothing:
            return .matched
        case .anyReply:
            if !received.isEmpty { return .matched }
            return complete ? .mismatch("empty reply") : .needMore
        case .prefix(let expected):
            let common = min(received.count, expected.count)
            if !received.prefix(common).elementsEqual(expected.prefix(common)) {
                return .mismatch(
                    "reply \"\(CheckEscapes.printable(received))\" does not start with \"\(CheckEscapes.printable(expected))\""
                )
            }
            if received.count >= expected.count { return .matched }
            if complete {
                return .mismatch(
                    "reply \"\(CheckEscapes.printable(received))\" is shorter than the expected \"\(CheckEscapes.printable(expected))\""
                )
            }
            return .needMore
        case .regex(let regex):
            if regex.matches(received) { return .matched }
            if complete || received.count >= Self.replyLimit {
                return .mismatch("reply \"\(CheckEscapes.printable(received))\" does not match /\(regex.pattern)/")
            }
            return .needMore
        }
    }

    public var description: String {
        switch self {
        case .nothing: "no reply"
        case .anyReply: "any reply"
        case .prefix(let bytes): "a reply starting with \"\(CheckEscapes.printable(bytes))\""
        case .regex(let regex): "a reply matching /\(regex.pattern)/"
        }
    }
}
