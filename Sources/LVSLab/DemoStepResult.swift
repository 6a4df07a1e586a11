/// How one step of the demo went.
public struct DemoStepResult: Sendable, Hashable {
    /// 1 to 6.
    public var number: Int
    /// What the step shows.
    public var title: String
    /// The statements that did not hold, or the error that stopped the step; empty when it passed.
    public var problems: [String]
    /// The statements that held.
    public var confirmed: [String]
    /// What it measured.
    public var figures: [DemoFigure]

    /// Whether every statement of the step held.
    public var passed: Bool { problems.isEmpty }
}
