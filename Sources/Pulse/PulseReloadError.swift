/// A reload that was refused; the running configuration stays.
public struct PulseReloadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, naming the file and the first problem.
    public let reason: String

    /// A reload refused for `reason`.
    public init(reason: String) { self.reason = reason }

    public var description: String { "reload rejected, keeping the running configuration: \(reason)" }
}
