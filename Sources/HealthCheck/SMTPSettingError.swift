/// An SMTP check setting that cannot be used.
public enum SMTPSettingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name for `EHLO` would not make one clean command line.
    case invalidHeloName(String, reason: String)

    public var description: String {
        switch self {
        case .invalidHeloName(let name, let reason): "SMTP EHLO name \"\(name)\": \(reason)"
        }
    }
}
