import Testing

@testable import RouteAnnouncement

/// BIRD 2.0.12's control protocol, as its socket sends it (lines taken from a running bird).
@Suite struct BirdReplyTests {
    func replies(_ lines: [String]) throws -> [BirdReply] {
        var reader = BirdReplyReader()
        return try lines.compactMap { line throws(BirdControlError) in try reader.take(line) }
    }

    @Test func greetingIsOneLine() throws {
        let all = try replies(["0001 BIRD 2.0.12 ready."])
        #expect(all == [BirdReply(lines: [.init(code: 1, text: "BIRD 2.0.12 ready.")])])
        #expect(!all[0].isError)
    }

    @Test func configureSucceeds() throws {
        let all = try replies(["0002-Reading configuration from /tmp/d1.conf", "0003 Reconfigured"])
        #expect(all.count == 1)
        #expect(all[0].finalCode == 3)
        #expect(all[0].texts(code: 2) == ["Reading configuration from /tmp/d1.conf"])
        #expect(!all[0].isError)
    }

    @Test func aParseErrorIsAnError() throws {
        let all = try replies([
            "0002-Reading configuration from /tmp/d1.conf",
            "8002 /tmp/d1-vips.conf:3:5 syntax error, unexpected CF_SYM_UNDEFINED",
        ])
        #expect(all[0].isError)
        #expect(all[0].errorText == "/tmp/d1-vips.conf:3:5 syntax error, unexpected CF_SYM_UNDEFINED")
    }

    @Test func showProtocolsWithContinuationLines() throws {
        let all = try replies([
            "2002-Name       Proto      Table      State  Since         Info",
            "1002-device1    Device     ---        up     12:33:40.564  ",
            " rtr        BGP        ---        up     12:33:44.680  Established   ",
            "0000 ",
        ])
        #expect(all.count == 1)
        #expect(all[0].texts(code: 1002).count == 2)
        #expect(all[0].texts(code: 1002)[1].contains("Established"))
        #expect(all[0].finalCode == 0)
    }

    @Test func twoRepliesInARow() throws {
        let all = try replies(["0001 BIRD 2.0.12 ready.", "0003 Reconfigured"])
        #expect(all.map(\.finalCode) == [1, 3])
    }

    @Test(arguments: ["", "hello", "12-x", "abcd x", "0001", "00a1 x", "0001x"])
    func notTheProtocol(line: String) {
        var reader = BirdReplyReader()
        #expect(throws: BirdControlError.self) { _ = try reader.take(line) }
    }

    @Test func aContinuationBeforeAnyCode() {
        var reader = BirdReplyReader()
        #expect(throws: BirdControlError.self) { _ = try reader.take(" text") }
    }
}

/// `show protocols` as BIRD 2.0.12 answers it.
@Suite struct BirdProtocolStatusTests {
    @Test func protocolsAndTheBGPSessionState() throws {
        var reader = BirdReplyReader()
        var reply: BirdReply?
        for line in [
            "2002-Name       Proto      Table      State  Since         Info",
            "1002-device1    Device     ---        up     12:33:40.564  ",
            " lvsrouter_vips4 Static     master4    up     12:33:40.564  ",
            " uplink     BGP        ---        up     12:33:44.680  Established   ",
            " backup     BGP        ---        start  12:33:40.564  Active        Socket: Connection refused",
            "0000 ",
        ] {
            reply = try reader.take(line) ?? reply
        }
        let protocols = BirdProtocolStatus.list(from: try #require(reply))
        #expect(protocols.map(\.name) == ["device1", "lvsrouter_vips4", "uplink", "backup"])
        #expect(protocols[0].info == "")
        #expect(
            protocols[2]
                == BirdProtocolStatus(
                    name: "uplink", kind: "BGP", state: "up", since: "12:33:44.680", info: "Established"))
        #expect(protocols[2].isEstablishedBGP)
        #expect(protocols[3].info == "Active        Socket: Connection refused")
        #expect(!protocols[3].isEstablishedBGP)
        #expect(!protocols[1].isEstablishedBGP)
    }
}
