/// Why an edit of an `LVSConfigDocument` (or rendering a model as text) was refused. The text
/// names the operation and the object, then the cause:
/// `setting scheduler in virtual 'www': no such block`.
public struct LVSConfigEditError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The cause.
    public enum Reason: Error, Hashable, Sendable, CustomStringConvertible {
        /// The block does not exist.
        case noSuchBlock
        /// A block with that name already exists.
        case blockExists
        /// The block has no closing `}`, so its extent is unknown.
        case blockNotClosed
        /// The key is not an lvs.cf key, or not one allowed in that place.
        case keyNotAllowed
        /// The value cannot be written as lvs.cf text (the detail says why).
        case unrepresentableValue(String)

        /// The text of the value.
        public var description: String {
            switch self {
            case .noSuchBlock: "no such block"
            case .blockExists: "a block with that name already exists"
            case .blockNotClosed: "the block has no closing '}'"
            case .keyNotAllowed: "not a key allowed there"
            case .unrepresentableValue(let why): why
            }
        }
    }

    /// What was being done, naming the object: `setting scheduler in virtual 'www'`.
    public var operation: String
    /// Why it failed.
    public var reason: Reason

    /// Creates an error.
    public init(operation: String, reason: Reason) {
        self.operation = operation
        self.reason = reason
    }

    /// `OPERATION: REASON`.
    public var description: String { "\(operation): \(reason)" }
}
