import DaemonSupport
import Glibc
import Synchronization
import Testing

/// Blocking work off the loop: jobs run in order on the worker's thread, results come back on
/// the loop, and the loop keeps turning while a job blocks.
@Suite struct BackgroundWorkerTests {
    final class Log: @unchecked Sendable {
        let entries = Mutex<[String]>([])
        func add(_ entry: String) { entries.withLock { $0.append(entry) } }
    }

    @Test func jobsRunInOrderOffTheLoopAndTheirResultsComeBackOnIt() throws {
        let loop = EventLoop()
        let log = Log()
        let worker = try BackgroundWorker(name: "test-worker", context: log, loop: loop)
        let loopThread = pthread_self()
        var completed: [Int] = []
        var onLoop: [Bool] = []
        for n in 1...20 {
            worker.submit({ log in
                log.add("job \(n)")
                return (n, pthread_equal(pthread_self(), loopThread) != 0)
            }) { (result: (Int, Bool)) in
                completed.append(result.0)
                onLoop.append(pthread_equal(pthread_self(), loopThread) != 0)
                #expect(!result.1, "job \(result.0) ran on the loop's thread")
            }
        }
        #expect(worker.backlog == 20)
        let deadline = ContinuousClock.now + .seconds(10)
        while completed.count < 20, ContinuousClock.now < deadline {
            loop.schedule(after: .milliseconds(50)) {}
            try loop.runOnce()
        }
        #expect(completed == Array(1...20))
        #expect(onLoop.allSatisfy { $0 })
        #expect(log.entries.withLock { $0 } == (1...20).map { "job \($0)" })
        #expect(worker.backlog == 0)
        worker.shutDown()
    }

    @Test func aBlockingJobDoesNotHoldUpTheLoopsTimers() throws {
        let loop = EventLoop()
        let worker = try BackgroundWorker(name: "test-slow", context: Log(), loop: loop)
        var done = false
        worker.submit({ _ in
            usleep(1_500_000)  // a slow kernel
            return true
        }) { (_: Bool) in done = true }
        // A timer every 50 ms, as pulse's heartbeats: none may be late by more than 100 ms.
        var ticks: [ContinuousClock.Instant] = []
        let started = ContinuousClock.now
        loop.scheduleRepeating(every: .milliseconds(50)) { ticks.append(.now) }
        while !done, ContinuousClock.now - started < .seconds(10) { try loop.runOnce() }
        #expect(done)
        let gaps = zip(ticks, ticks.dropFirst()).map { $1 - $0 }
        #expect(ticks.count >= 20, "\(ticks.count) ticks while the job blocked")
        #expect(gaps.allSatisfy { $0 < .milliseconds(150) }, "largest gap \(gaps.max() ?? .zero)")
        worker.shutDown()
    }

    @Test func afterShutDownNothingMoreIsDelivered() throws {
        let loop = EventLoop()
        let worker = try BackgroundWorker(name: "test-stop", context: Log(), loop: loop)
        var delivered = false
        worker.submit({ _ in
            usleep(200_000)
            return 1
        }) { (_: Int) in delivered = true }
        worker.shutDown()
        #expect(worker.backlog == 0)
        let until = ContinuousClock.now + .milliseconds(500)
        loop.schedule(at: until) {}
        while ContinuousClock.now < until { try loop.runOnce() }
        #expect(!delivered)
    }
}
