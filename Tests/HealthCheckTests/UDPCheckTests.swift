import DaemonSupport
import Glibc
import HealthCheck
import Testing

@Suite struct UDPCheckTests {
    @Test func replyWithTheExpectedPrefixPasses() throws {
        let harness = try CheckHarness()
        let server = try UDPServerFixture(harness) { $0 == bytes("status\n") ? bytes("OK running") : nil }
        defer { server.stop() }
        let check = UDPCheck(endpoint: loopback(server.port), send: bytes("status\n"), expect: .prefix(bytes("OK")))
        #expect(harness.result(of: check) == .passed("127.0.0.1:\(server.port) replied \"OK running\""))
        #expect(server.received == [bytes("status\n")])
    }

    @Test func wrongReplyFails() throws {
        let harness = try CheckHarness()
        let server = try UDPServerFixture(harness) { _ in bytes("ERR") }
        defer { server.stop() }
        let check = UDPCheck(endpoint: loopback(server.port), send: bytes("status"), expect: .prefix(bytes("OK")))
        #expect(
            harness.result(of: check) == .failed("127.0.0.1:\(server.port): reply \"ERR\" does not start with \"OK\""))
    }

    @Test func closedPortFailsAtOnceWithPortUnreachable() throws {
        let harness = try CheckHarness()
        let port = unusedPort(type: Int32(Glibc.SOCK_DGRAM.rawValue))
        let (result, took) = harness.timedResult(
            of: UDPCheck(endpoint: loopback(port), send: bytes("x")), timeout: .seconds(2))
        #expect(result == .failed("127.0.0.1:\(port): port unreachable (Connection refused)"))
        #expect(took < .seconds(1), "ICMP should end the check before the timeout; took \(took)")
    }

    @Test func silentServerTimesOut() throws {
        let harness = try CheckHarness()
        let server = try UDPServerFixture(harness) { _ in nil }
        defer { server.stop() }
        let result = harness.result(
            of: UDPCheck(endpoint: loopback(server.port), send: bytes("x")), timeout: .milliseconds(200))
        #expect(result == .failed("no reply from 127.0.0.1:\(server.port) within 0.2 s"))
    }

    @Test func withoutExpectAnyReplyPassesAndAnEmptyDatagramIsSent() throws {
        let harness = try CheckHarness()
        let server = try UDPServerFixture(harness) { _ in bytes("pong") }
        defer { server.stop() }
        #expect(harness.result(of: UDPCheck(endpoint: loopback(server.port), expect: .nothing))?.isPassed == true)
        #expect(server.received == [[]])
    }
}

/// The UDP server, named for the fixture role in these tests.
typealias UDPServerFixture = LoopbackUDPServer

extension LoopbackUDPServer {
    convenience init(_ harness: CheckHarness, answer: @escaping ([UInt8]) -> [UInt8]?) throws {
        try self.init(loop: harness.loop, answer: answer)
    }
}
