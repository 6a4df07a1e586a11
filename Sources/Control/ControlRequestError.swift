/// A control request the daemon could not accept; its text goes back to the client verbatim.
public struct ControlRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong, naming the request and the field.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
