/// How the whole demo went.
public struct DemoReport: Sendable, Hashable {
    /// The steps that ran (a failed step ends the demo).
    public var steps: [DemoStepResult]
    /// Why the lab could not be set up or taken down, if so.
    public var setUpProblem: String?
    /// Set when the demo ran longer than it may (``DemoLimits/whole``).
    public var overTime: String?
    /// Building the lab and bringing the directors up.
    public var setUpTime: Duration?
    /// The whole run.
    public var duration: Duration
    /// How many steps the demo has.
    public static let stepCount = 6

    /// Whether the lab came up, every step ran and behaved as stated, and all in time.
    public var passed: Bool {
        setUpProblem == nil && overTime == nil && steps.count == Self.stepCount && steps.allSatisfy(\.passed)
    }

    /// Every figure of every step, in order, with the set-up time first.
    public var figures: [DemoFigure] {
        (setUpTime.map { [DemoFigure("lab built and the primary serving", $0)] } ?? []) + steps.flatMap(\.figures)
    }
}
