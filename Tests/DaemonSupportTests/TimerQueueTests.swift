import DaemonSupport
import Testing

@Suite struct TimerQueueTests {
    let start = ContinuousClock.now

    @Test func oneShotTimersFireInDeadlineOrderOnce() {
        var queue = TimerQueue<String>()
        queue.schedule(at: start + .milliseconds(30), "c")
        queue.schedule(at: start + .milliseconds(10), "a")
        queue.schedule(at: start + .milliseconds(20), "b")
        #expect(queue.nextDeadline() == start + .milliseconds(10))
        #expect(queue.popDue(at: start + .milliseconds(5)).isEmpty)
        #expect(queue.popDue(at: start + .milliseconds(25)).map(\.payload) == ["a", "b"])
        #expect(queue.popDue(at: start + .milliseconds(100)).map(\.payload) == ["c"])
        #expect(queue.isEmpty)
        #expect(queue.nextDeadline() == nil)
    }

    @Test func equalDeadlinesFireInScheduleOrder() {
        var queue = TimerQueue<Int>()
        for value in 0..<10 { queue.schedule(at: start, value) }
        #expect(queue.popDue(at: start).map(\.payload) == Array(0..<10))
    }

    @Test func repeatingTimerStaysOnItsGridWhenRunLate() {
        var queue = TimerQueue<String>()
        let id = queue.schedule(at: start + .milliseconds(50), repeating: .milliseconds(50), "hb")
        // Each run happens 7 ms late; the next deadline must not absorb the lateness.
        for tick in 1...100 {
            let due = queue.popDue(at: start + .milliseconds(50 * tick + 7))
            #expect(due.count == 1)
            #expect(due.first?.deadline == start + .milliseconds(50 * tick))
            #expect(queue.deadline(of: id) == start + .milliseconds(50 * (tick + 1)))
        }
    }

    @Test func repeatingTimerSkipsWholeMissedIntervals() {
        var queue = TimerQueue<String>()
        let id = queue.schedule(at: start + .milliseconds(50), repeating: .milliseconds(50), "hb")
        // The process was stalled for 230 ms: one run, three ticks skipped, grid kept.
        let due = queue.popDue(at: start + .milliseconds(280))
        #expect(due.count == 1)
        #expect(due.first?.skippedTicks == 4)
        #expect(queue.deadline(of: id) == start + .milliseconds(300))
    }

    @Test func cancelledTimersNeverFire() {
        var queue = TimerQueue<String>()
        let a = queue.schedule(at: start + .milliseconds(10), "a")
        let r = queue.schedule(at: start + .milliseconds(10), repeating: .milliseconds(10), "r")
        queue.schedule(at: start + .milliseconds(20), "b")
        let cancelledOnce = queue.cancel(a)
        let cancelledTwice = queue.cancel(a)
        #expect(cancelledOnce && !cancelledTwice)
        #expect(queue.popDue(at: start + .milliseconds(10)).map(\.payload) == ["r"])
        let cancelledRepeating = queue.cancel(r)
        #expect(cancelledRepeating)
        #expect(queue.nextDeadline() == start + .milliseconds(20))
        #expect(queue.popDue(at: start + .seconds(1)).map(\.payload) == ["b"])
        #expect(queue.isEmpty)
    }

    @Test func manyTimersComeOutSorted() {
        var queue = TimerQueue<Int>()
        var generator = SystemRandomNumberGenerator()
        var offsets: [Int] = []
        for _ in 0..<500 {
            let offset = Int.random(in: 0..<10_000, using: &generator)
            offsets.append(offset)
            queue.schedule(at: start + .microseconds(offset), offset)
        }
        let fired = queue.popDue(at: start + .seconds(1)).map(\.payload)
        #expect(fired == offsets.sorted())
    }
}
