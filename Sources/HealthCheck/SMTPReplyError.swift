/// What is wrong with bytes that should be an SMTP reply.
public enum SMTPReplyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A line that does not start with a three-digit code and ` `, `-` or its end.
    case malformedLine(String)
    /// A continuation line with a code other than the first line's.
    case mixedCodes(first: Int, then: Int)
    /// The reply grew past the limit without ending.
    case tooLong(limit: Int)

    public var description: String {
        switch self {
        case .malformedLine(let line): "not an SMTP reply line: \"\(line)\""
        case .mixedCodes(let first, let then): "reply lines with codes \(first) and \(then)"
        case .tooLong(let limit): "reply longer than \(limit) bytes"
        }
    }
}
