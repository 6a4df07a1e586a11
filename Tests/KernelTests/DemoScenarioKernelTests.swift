import LVSLab
import LVSTestKit
import Testing

/// The demo's scenario (scripts/demo), run and asserted: every step must behave as it states.
@Suite(.kernelLayer, .serialized)
struct DemoScenarioKernelTests {
    @Test func everyStepOfTheDemoBehavesAsStated() {
        let narration = NarrationLog()
        let report = DemoScenario(plan: .demo(tag: "kdm")) { narration.add($0) }.run()
        #expect(report.setUpProblem == nil, "\(report.setUpProblem ?? "")\n\(narration.text)")
        #expect(report.steps.map(\.number) == Array(1...DemoReport.stepCount), "\(narration.text)")
        for step in report.steps {
            #expect(
                step.passed,
                "step \(step.number) (\(step.title)): \(step.problems.joined(separator: "; "))\n\(narration.text)")
        }
        #expect(report.overTime == nil, "\(report.overTime ?? "")")
        #expect(report.passed)
        for figure in report.figures { print("demo kernel figure: \(figure.name): \(figure.value.labText)") }
    }

    /// The demo's checks bite: held to an impossible bound, step 3 fails, the demo stops there,
    /// shows the directors' logs, and takes the lab down.
    @Test func aStepThatDoesNotBehaveAsStatedEndsTheDemoWithTheDirectorsLogs() throws {
        let plan = LabPlan.demo(tag: "kdf")
        var limits = DemoLimits(plan: plan)
        limits.serverLeaves = .zero
        let narration = NarrationLog()
        let report = DemoScenario(plan: plan, limits: limits) { narration.add($0) }.run()
        #expect(!report.passed)
        #expect(report.setUpProblem == nil, "\(narration.text)")
        #expect(report.steps.map(\.number) == [1, 2, 3], "\(narration.text)")
        #expect(report.steps.prefix(2).allSatisfy { $0.passed }, "\(narration.text)")
        let problems = report.steps.last?.problems ?? []
        #expect(
            problems.count == 1 && problems[0].contains("left the table of both services")
                && problems[0].contains("more than 0 ms"), "\(problems)")
        #expect(narration.text.contains("What the directors logged last:"))
        #expect(narration.text.contains("lvsd: real server"), "\(narration.text)")
        #expect(
            narration.text.contains(
                "The demo FAILED: step 3 (a real server stops, then comes back) did not behave as stated"))
        let left = try TestProcess.run("ip", ["netns", "list"], timeout: .seconds(10)).output
        #expect(!left.contains("lvskdf"), "namespaces left behind: \(left)")
    }
}

/// The demo's narration, kept as text for failure messages.
final class NarrationLog {
    private(set) var lines: [String] = []

    func add(_ line: NarrationLine) {
        lines.append("[\(line.elapsed.labText)] \(line.text)")
    }

    var text: String { lines.joined(separator: "\n") }
}
