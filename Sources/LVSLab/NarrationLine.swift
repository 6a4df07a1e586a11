/// One line the demo says, with when (since the demo began) and what kind of line it is, so the
/// printer can mark outcomes (colour on a terminal only).
public struct NarrationLine: Sendable, Hashable {
    /// What the line is.
    public enum Kind: Sendable, Hashable {
        /// The demo's title.
        case title
        /// A step begins.
        case step
        /// What happens now.
        case action
        /// A detail (a command's output, a sequence of answers).
        case detail
        /// A statement that held.
        case passed
        /// A statement that did not hold.
        case failed
        /// The closing summary.
        case summary
    }

    /// The kind.
    public var kind: Kind
    /// The text, one line.
    public var text: String
    /// Time since the demo began.
    public var elapsed: Duration

    /// A line.
    public init(kind: Kind, text: String, elapsed: Duration) {
        self.kind = kind
        self.text = text
        self.elapsed = elapsed
    }
}
