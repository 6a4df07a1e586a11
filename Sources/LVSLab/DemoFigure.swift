/// A measured time, named for the report: `takeover after the crash`, 2.41 s.
public struct DemoFigure: Sendable, Hashable {
    /// What was measured.
    public var name: String
    /// The time.
    public var value: Duration

    /// A figure.
    public init(_ name: String, _ value: Duration) {
        self.name = name
        self.value = value
    }
}
