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
