import Addressing
import Logging
import LVSTestKit
import Testing

@testable import IPVS

@Suite struct IPVSClientTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    let web = IPVSServiceIdentity.address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80)

    func server(_ last: UInt8) -> IPVSDestination {
        IPVSDestination(address: .v4(IPv4Address(10, 0, 1, last)), port: 80, forwarding: .masquerade)
    }

    @Test func pipelinesManyCommandsPerDatagramAndMatchesEachAcknowledgement() throws {
        // The "kernel" refuses every 7th command with EEXIST and acknowledges the rest, in reverse
        // order within a datagram to prove that matching is by sequence number.
        var index = 0
        let transport = ScriptedNetlinkTransport { messages in
            var acks: [[UInt8]] = []
            for m in messages {
                acks.append(
                    ScriptedNetlinkTransport.acknowledgement(sequence: m.sequence, errno: index % 7 == 3 ? 17 : 0))
                index += 1
            }
            return acks.reversed()
        }
        let client = IPVSClient(transport: transport, logger: logger)
        let operations = (0..<300).map { IPVSOperation.addDestination(server(UInt8($0 % 250)), service: web) }
        let results = client.apply(operations)
        #expect(transport.sent.count == 3)
        #expect(try NetlinkMessage.parse(transport.sent[0][...]).count == 128)
        #expect(try NetlinkMessage.parse(transport.sent[2][...]).count == 44)
        for (i, result) in results.enumerated() {
            if i % 7 == 3 {
                let error = try #require(result.failureValue)
                #expect(error.errno == 17)
                #expect(error.operation == .change(operations[i]))
                #expect(error.ipvsadmMessage == "Destination already exists")
            } else {
                #expect(result.failureValue == nil)
            }
        }
    }

    @Test func skipsMessagesOfOtherSequenceNumbers() throws {
        let transport = ScriptedNetlinkTransport { messages in
            messages.flatMap { m in
                [
                    ScriptedNetlinkTransport.acknowledgement(sequence: m.sequence &+ 1000, errno: 3),
                    ScriptedNetlinkTransport.done(sequence: m.sequence &+ 2000),
                    ScriptedNetlinkTransport.acknowledgement(sequence: m.sequence),
                ]
            }
        }
        let client = IPVSClient(transport: transport, logger: logger)
        #expect(client.apply([.flush, .zero(nil)]).allSatisfy { $0.failureValue == nil })
    }

    @Test func readsAReplyAndItsAcknowledgementFromSeparateDatagrams() throws {
        let transport = ScriptedNetlinkTransport { messages in
            let seq = messages[0].sequence
            var reply = NetlinkMessageBuilder(type: 0x20, flags: [], sequence: seq, command: 14, version: 1)
            reply.append(1, uint32: 0x010201)
            reply.append(2, uint32: 4096)
            return [reply.finish(), ScriptedNetlinkTransport.acknowledgement(sequence: seq)]
        }
        let client = IPVSClient(transport: transport, logger: logger)
        #expect(try client.info() == IPVSInfo(version: 0x010201, connectionTableSize: 4096))
        #expect(transport.sent == [IPVSMessageEncoder(familyID: 0x20).getInfo(sequence: 1)])
    }

    @Test func collectsADumpUntilItsDone() throws {
        let transport = ScriptedNetlinkTransport { messages in
            let seq = messages[0].sequence
            let reply = IPVSMessageDecoderTests.serviceReply
            var patched = reply
            patched[8] = UInt8(seq & 0xff)
            return [
                patched + patched, ScriptedNetlinkTransport.done(sequence: seq &- 1),
                ScriptedNetlinkTransport.done(sequence: seq),
            ]
        }
        let client = IPVSClient(transport: transport, logger: logger)
        let services = try client.services()
        #expect(services.count == 2)
        #expect(services.allSatisfy { $0.identity == web })
    }

    @Test func aNegativeAcknowledgementBecomesAnErrorNamingTheOperation() throws {
        let transport = ScriptedNetlinkTransport { messages in
            [ScriptedNetlinkTransport.acknowledgement(sequence: messages[0].sequence, errno: 3)]
        }
        let client = IPVSClient(transport: transport, logger: logger)
        let error = try #require(client.apply([.addDestination(server(10), service: web)])[0].failureValue)
        #expect(error.description == "adding real server 10.0.1.10:80 to TCP 10.0.0.100:80: service not defined")
        #expect(error.ipvsadmMessage == "Service not defined")
        #expect(throws: IPVSError(.getService(web), .kernel(errno: 3))) { try client.service(web) }
    }

    @Test func aSilentKernelFailsThePendingAndTheUnsentCommands() throws {
        let transport = ScriptedNetlinkTransport { messages in
            // Only the first command of the first datagram is answered.
            messages.first.map { [ScriptedNetlinkTransport.acknowledgement(sequence: $0.sequence)] } ?? []
        }
        let client = IPVSClient(transport: transport, logger: logger)
        let results = client.apply((0..<200).map { _ in IPVSOperation.zero(nil) })
        #expect(results[0].failureValue == nil)
        #expect(results[1].failureValue?.cause == .timedOut(seconds: 0))
        #expect(results[199].failureValue?.cause == .timedOut(seconds: 0))
        #expect(transport.sent.count == 1)
    }

    @Test func anInvalidRequestIsRefusedWithoutBeingSent() throws {
        let transport = ScriptedNetlinkTransport { messages in
            messages.map { ScriptedNetlinkTransport.acknowledgement(sequence: $0.sequence) }
        }
        let client = IPVSClient(transport: transport, logger: logger)
        let results = client.apply([.deleteService(.firewallMark(0, family: .inet)), .flush])
        #expect(results[0].failureValue?.cause == .invalidRequest("firewall mark 0 does not name a service"))
        #expect(results[1].failureValue == nil)
        #expect(try NetlinkMessage.parse(transport.sent[0][...]).count == 1)
    }

    @Test func aMalformedReplyIsReported() throws {
        let transport = ScriptedNetlinkTransport { messages in
            [[0x40, 0, 0, 0, 0x20, 0, 0, 0]]
        }
        let client = IPVSClient(transport: transport, logger: logger)
        let error = try #require(client.apply([.flush])[0].failureValue)
        guard case .malformedReply = error.cause else {
            Issue.record("expected a malformed reply, got \(error)")
            return
        }
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
