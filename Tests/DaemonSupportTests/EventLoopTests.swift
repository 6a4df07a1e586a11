import DaemonSupport
import Glibc
import Testing

@Suite struct EventLoopTests {
    /// Stops the loop after `limit` in case the test's own stop never comes.
    func guardTimer(_ loop: EventLoop, _ limit: Duration = .seconds(5), timedOut: UnsafeMutablePointer<Bool>? = nil) {
        loop.schedule(after: limit) {
            timedOut?.pointee = true
            loop.stop()
        }
    }

    @Test func readableDescriptorRunsItsHandler() throws {
        let loop = EventLoop()
        let (read, write) = try FileDescriptor.makePipe(nonBlocking: true)
        defer { read.closeQuietly(); write.closeQuietly() }
        var received: [UInt8] = []
        loop.watch(read, for: .readable) { readiness in
            #expect(readiness.contains(.readable))
            received += (try? read.read(upTo: 100)) ?? []
            loop.stop()
        }
        loop.schedule(after: .milliseconds(20)) { _ = try? write.write(Array("ping".utf8)) }
        guardTimer(loop)
        try loop.run()
        #expect(received == Array("ping".utf8))
    }

    @Test func hangupIsReportedAndUnwatchStopsCallbacks() throws {
        let loop = EventLoop()
        let (read, write) = try FileDescriptor.makePipe(nonBlocking: true)
        defer { read.closeQuietly() }
        var calls = 0
        var watch: EventLoop.WatchID?
        watch = loop.watch(read, for: .readable) { readiness in
            calls += 1
            #expect(readiness.contains(.hangup))
            loop.unwatch(watch!)
        }
        write.closeQuietly()
        // Nothing is left to wait for after the unwatch, so run() returns by itself.
        try loop.run()
        #expect(calls == 1)
        #expect(!loop.isWatching(watch!))
    }

    @Test func oneShotTimerFiresOnTimeNotEarly() throws {
        let loop = EventLoop()
        let scheduled = loop.now
        var firedAt: ContinuousClock.Instant?
        loop.schedule(after: .milliseconds(30)) { firedAt = loop.now }
        try loop.run()
        let lateness = try #require(firedAt) - (scheduled + .milliseconds(30))
        #expect(lateness >= .zero)
        #expect(lateness < .milliseconds(50))
        #expect(loop.wakeups <= 2, "the loop should sleep until the deadline, woke \(loop.wakeups) times")
    }

    @Test func cancelledTimerDoesNotRun() throws {
        let loop = EventLoop()
        var ran = false
        let id = loop.schedule(after: .milliseconds(10)) { ran = true }
        loop.schedule(after: .milliseconds(1)) { loop.cancel(id) }
        loop.schedule(after: .milliseconds(30)) {}
        try loop.run()
        #expect(!ran)
        #expect(!loop.isScheduled(id))
    }

    /// Pulse's heartbeat case: 50 ms for one second. The runs must stay on the 50 ms grid (no drift
    /// accumulation) and the loop must sleep between them (no busy looping).
    @Test func fiftyMillisecondTimerHasNoDrift() throws {
        let loop = EventLoop()
        let first = loop.now + .milliseconds(50)
        var lateness: [Duration] = []
        loop.scheduleRepeating(every: .milliseconds(50), startingAt: first) {
            lateness.append(loop.now - (first + .milliseconds(50) * lateness.count))
            if lateness.count == 20 { loop.stop() }
        }
        guardTimer(loop)
        try loop.run()
        #expect(lateness.count == 20)
        let worst = lateness.max()!
        let last = lateness.last!
        #expect(lateness.allSatisfy { $0 >= .zero })
        // Shared 2-core machine: allow scheduling noise, but the 20th run must not carry the sum
        // of the earlier delays.
        #expect(worst < .milliseconds(45), "worst lateness \(worst)")
        #expect(last < .milliseconds(45), "lateness of the 20th run \(last)")
        #expect(loop.wakeups <= 25, "\(loop.wakeups) wake-ups for 20 ticks")
        let average = lateness.reduce(Duration.zero, +) / lateness.count
        print(
            "EventLoop 50 ms timer: average lateness \(average), worst \(worst), wakeups \(loop.wakeups) for 20 ticks")
    }

    @Test func handlersMayScheduleAndWatchDuringARun() throws {
        let loop = EventLoop()
        var order: [String] = []
        loop.schedule(after: .milliseconds(5)) {
            order.append("first")
            loop.schedule(after: .zero) {
                order.append("nested")
                loop.stop()
            }
        }
        guardTimer(loop)
        try loop.run()
        #expect(order == ["first", "nested"])
    }

    /// A thread-directed signal (`pthread_kill`) reaches the loop's signalfd on this thread only,
    /// so the test needs no process-wide signal mask.
    @Test func signalRunsItsHandlerOnTheLoop() throws {
        let loop = EventLoop()
        defer { loop.closeSignals() }
        var infos: [SignalInfo] = []
        try loop.handle(.user1) { info in
            infos.append(info)
            loop.stop()
        }
        let me = pthread_self()
        loop.schedule(after: .milliseconds(10)) { _ = pthread_kill(me, SIGUSR1) }
        guardTimer(loop)
        try loop.run()
        #expect(infos.count == 1)
        #expect(infos.first?.signal == .user1)
        #expect(infos.first?.senderPID == getpid())
    }
}
