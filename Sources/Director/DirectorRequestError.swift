/// A drain or enable request that names no real server lvsd runs.
public struct DirectorRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was asked (`draining 10.0.1.99:80`).
    public var operation: String
    /// Why it cannot be done.
    public var reason: String

    /// Creates an error.
    public init(operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    /// `draining 10.0.1.99:80: no active real server has that address and port`.
    public var description: String { "\(operation): \(reason)" }
}
