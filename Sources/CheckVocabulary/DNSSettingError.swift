/// A DNS check setting given as text that cannot be used: the query name or the expected answer.
public enum DNSSettingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The query name breaks a rule of domain names.
    case invalidName(String, reason: String)
    /// The expected answer cannot be an answer of the type asked for.
    case invalidExpectedAnswer(String, type: DNSRecordType, reason: String)

    /// What is wrong, without the text itself.
    public var reason: String {
        switch self {
        case .invalidName(_, let reason), .invalidExpectedAnswer(_, _, let reason): reason
        }
    }

    public var description: String {
        switch self {
        case .invalidName(let text, let reason):
            "DNS name \"\(text)\": \(reason)"
        case .invalidExpectedAnswer(let text, let type, let reason):
            "expected \(type) answer \"\(text)\": \(reason)"
        }
    }
}
