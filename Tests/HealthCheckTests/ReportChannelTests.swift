import DaemonSupport
import HealthCheck
import Testing

@Suite struct ReportChannelTests {
    @Test func reportsArriveAsLinesAndEndOfFileIsNoticed() throws {
        let loop = EventLoop()
        let (nannySide, lvsdSide) = try FileDescriptor.socketPair()
        defer { nannySide.closeQuietly() }
        var closedReason: String?
        let channel = try ReportChannel(descriptor: nannySide, loop: loop) { closedReason = $0 }
        channel.send(.mode(.checking))
        channel.send(.up(weight: 4, reason: "check passed: ok"))
        #expect(channel.backlog == 0)
        var decoder = NannyReportDecoder()
        let received = try decoder.feed(try #require(try lvsdSide.read(upTo: 4096))).map { try $0.get() }
        #expect(received == [.mode(.checking), .up(weight: 4, reason: "check passed: ok")])

        lvsdSide.closeQuietly()
        run(loop, until: { closedReason != nil }, timeout: .seconds(2))
        #expect(closedReason == "lvsd closed the report socket")
        #expect(!channel.isOpen)
        channel.send(.weight(8))  // after the close: dropped quietly
    }

    @Test func anLvsdThatStopsReadingIsGivenUpOnAtTheBacklogLimit() throws {
        let loop = EventLoop()
        let (nannySide, lvsdSide) = try FileDescriptor.socketPair()
        defer { nannySide.closeQuietly(); lvsdSide.closeQuietly() }
        var closedReason: String?
        let channel = try ReportChannel(descriptor: nannySide, loop: loop) { closedReason = $0 }
        let report = NannyReport.check(.failed(String(repeating: "x", count: 1000)))
        var sent = 0
        while closedReason == nil && sent < 10_000 {
            channel.send(report)
            sent += 1
        }
        #expect(closedReason == "lvsd is not reading reports (more than 1048576 bytes waiting)")
        #expect(
            sent > 1000, "the socket buffer and the backlog should take over a megabyte first; gave up after \(sent)")
    }
}
