/// A line of the owned-services record that names no service.
public struct OwnedServicesRecordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Its 1-based line number.
    public var line: Int
    /// Its text.
    public var text: String

    /// An error about line `line` holding `text`.
    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }

    /// `line 3: "TCP 10.0.0.1" is not a service (TCP|UDP|SCTP ADDRESS:PORT or FWM MARK [IPv6])`.
    public var description: String {
        "line \(line): \"\(text)\" is not a service (TCP|UDP|SCTP ADDRESS:PORT or FWM MARK [IPv6])"
    }
}
