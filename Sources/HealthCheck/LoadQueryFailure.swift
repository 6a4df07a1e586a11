/// Why a load query gave no load.
public struct LoadQueryFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The command that was run.
    public var command: String
    /// What went wrong.
    public var reason: String

    /// A failure of `command`.
    public init(command: String, reason: String) {
        self.command = command
        self.reason = reason
    }

    public var description: String { "load query \"\(command)\" \(reason)" }
}
