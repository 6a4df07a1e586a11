/// A reply that does not have the shape the decoder expects.
public struct NetlinkDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong with it.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
