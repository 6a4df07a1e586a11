/// A failure of the test's own plumbing (not of the code under test).
public struct LabError: Error, CustomStringConvertible {
    public let description: String
    /// A failure with this text.
    public init(_ description: String) { self.description = description }
}
