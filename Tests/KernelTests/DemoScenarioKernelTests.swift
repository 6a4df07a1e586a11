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
            #expect(step.passed, "step \(step.number) (\(step.title)): \(step.problems.joined(separator: "; "))\n\(narration.text)")
        }
        #expect(report.overTime == nil, "\(report.overTime ?? "")")
        #expect(report.passed)
        for figure in report.figures { print("demo kernel figure: \(figure.name): \(figure.value.labText)") }
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
