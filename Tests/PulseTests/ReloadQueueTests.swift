import Foundation
import Heartbeat
import Pulse
import Testing

@Suite struct ReloadQueueTests {
    enum Input { case add(String), finished }

    /// Runs `steps` (an input, whether pulse is stopping, the reload to apply now); returns the queue.
    @discardableResult
    func run(_ steps: [(Input, stopping: Bool, apply: String?)], sourceLocation: SourceLocation = #_sourceLocation)
        -> ReloadQueue<String>
    {
        var queue = ReloadQueue<String>()
        for (index, step) in steps.enumerated() {
            let next: String?
            switch step.0 {
            case .add(let reload): next = queue.add(reload, stopping: step.stopping)
            case .finished: next = queue.finished(stopping: step.stopping)
            }
            #expect(next == step.apply, "step \(index + 1)", sourceLocation: sourceLocation)
        }
        return queue
    }

    @Test func reloadsAreAppliedOneAtATimeInOrder() {
        let queue = run([
            (.add("first"), false, "first"),
            (.add("second"), false, nil),
            (.add("third"), false, nil),
            (.finished, false, "second"),
            (.finished, false, "third"),
            (.finished, false, nil),
            (.add("fourth"), false, "fourth"),
        ])
        #expect(queue.isApplying)
    }

    @Test func nothingMoreIsAppliedOncePulseStops() {
        let queue = run([
            (.add("first"), false, "first"),
            (.add("second"), false, nil),
            (.finished, true, nil),
            (.add("third"), true, nil),
        ])
        #expect(!queue.isApplying)
    }

    @Test func aReloadReadsTheFileAndKeepsTheRole() throws {
        let directory = NSTemporaryDirectory() + "pulse-reload-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = directory + "/lvs.cf"
        try Data(PulseTestConfig.base.utf8).write(to: URL(fileURLWithPath: good))
        let read = PulseConfigLoader.readForReload(good, role: .backup)
        #expect(read.errors.isEmpty)
        #expect(try read.outcome.get().role == .backup)
        #expect(read.logSteps == read.warnings.map { .log(.warning, $0) })

        let broken = directory + "/broken.cf"
        try Data("keepalive = x\nserial_no = 1\n".utf8).write(to: URL(fileURLWithPath: broken))
        let refused = PulseConfigLoader.readForReload(broken, role: .primary)
        #expect(!refused.errors.isEmpty)
        #expect(refused.logSteps.first == .log(.error, refused.errors[0]))
        guard case .failure(let error) = refused.outcome else {
            Issue.record("a broken file is refused")
            return
        }
        #expect(error.reason.hasPrefix("\(broken) has errors: \(broken):1:"), "\(error.reason)")

        let missing = PulseConfigLoader.readForReload(directory + "/none.cf", role: .primary)
        #expect(missing.errors.count == 1)
        if case .success = missing.outcome { Issue.record("a missing file is refused") }
    }
}
