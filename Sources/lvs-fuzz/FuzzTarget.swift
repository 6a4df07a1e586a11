import Addressing
import CheckVocabulary
import Glibc
import Control
import HealthCheck
import Heartbeat
import IPVS
import IPVSAdmin
import LVSConfig
import VRRP

/// The decoders that take bytes from outside, each as a fuzz target: every input must give a
/// value or a typed error, never a crash, a hang or unbounded memory.
enum FuzzTarget: String, CaseIterable {
    /// lvs.cf: the lexer, parser and checks, and the comment-keeping document. A file without
    /// errors must come back the same from the renderer (the writer's promise).
    case config
    /// Heartbeat datagrams: both wire formats decoded, then a receiver and the failover state
    /// machine fed with them.
    case heartbeat
    /// Control requests and answers: line framing, pulse's and lvsd's request decoders, the
    /// answer decoder lvsctl uses.
    case control
    /// Netlink replies: messages split from a datagram and every IPVS attribute decoder.
    case netlink
    /// `lvsadm -R`: the reader, ipvsadm's command line for each line, applied to a table in
    /// memory.
    case restore
    /// DNS responses to the DNS check's query: the decoder (names, compression, record data),
    /// the records rendered, and the check's verdict.
    case dns
    /// SMTP replies: the reply reader, fed the input in chunks.
    case smtp
    /// VRRP advertisements: the decoder, as from an IPv4 and an IPv6 neighbour, with the checksum
    /// both ways; what decodes must encode back to the same bytes. Then the receive checks and the
    /// election of a master hearing it.
    case vrrp

    /// The target of a libFuzzer run, from `LVSROUTER_FUZZ_TARGET` (checked before the run).
    static let selected: FuzzTarget = {
        let name = getenv("LVSROUTER_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        return FuzzTarget(rawValue: name) ?? .config
    }()

    /// Runs one input.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .config: Self.config(bytes)
        case .heartbeat: Self.heartbeat(bytes)
        case .control: Self.control(bytes)
        case .netlink: Self.netlink(bytes)
        case .restore: Self.restore(bytes)
        case .dns: Self.dns(bytes)
        case .smtp: Self.smtp(bytes)
        case .vrrp: Self.vrrp(bytes)
        }
    }

    // MARK: - Targets

    /// Names are never looked up: a fuzzer's made-up host name must not reach a DNS server.
    struct NumericResolver: NameResolver {
        func addresses(ofHost host: String) -> [IPAddress] { IPAddress(host).map { [$0] } ?? [] }
        func port(ofService name: String, protocol: String) -> UInt16? { nil }
    }

    static func config(_ bytes: [UInt8]) {
        let parser = LVSConfigParser(resolver: NumericResolver())
        let result = parser.parse(bytes, file: "fuzz.cf")
        _ = result.diagnostics.map(\.description)
        if result.errorCount == 0, let text = try? LVSConfigRenderer().render(result.config) {
            let again = parser.parse(text, file: "rendered.cf")
            guard again.errorCount == 0, again.config == result.config else {
                fatalError("the rendered file does not parse back to the same model:\n\(text)\n\(again.diagnostics)")
            }
        }
        _ = LVSConfigDocument(bytes: bytes)
    }

    static let key = try! HeartbeatKey(contents: Array("a fuzzing key of thirty-two bytes".utf8), path: "fuzz.key")

    /// Datagrams are the input's length-prefixed chunks (one length byte each); the first byte
    /// picks the receiver's wire format, role and key, the second the spacing in time.
    static func heartbeat(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let wire: HeartbeatProtocol = bytes[0] & 1 == 0 ? .lvsrouter : .piranha
        let role: FailoverRole = bytes[0] & 2 == 0 ? .primary : .backup
        let keyed = bytes[0] & 4 != 0 && wire == .lvsrouter
        let step = Duration.milliseconds(Int(bytes[1]) * 10)
        let peer = HeartbeatPeer(publicAddress: IPAddress("10.0.0.2")!, privateAddress: IPAddress("10.0.9.2")!)
        var receiver = HeartbeatReceiver(
            protocol: wire, localRole: role, peer: peer, key: keyed ? key : nil, ownBootID: 7,
            keepalive: .milliseconds(500), deadtime: .seconds(2))
        guard
            let configuration = try? FailoverConfiguration(
                role: role, keepalive: .milliseconds(500), deadtime: .seconds(2), paths: [.public, .private],
                heartbeatProtocol: wire)
        else { return }
        var machine = FailoverStateMachine(configuration: configuration)
        var now = ContinuousClock.now
        _ = machine.handle(.start, at: now)
        var offset = 2
        var sequence: UInt64 = 0
        while offset < bytes.count {
            let length = Int(bytes[offset])
            let datagram = Array(bytes[(offset + 1)..<min(bytes.count, offset + 1 + length)])
            offset += 1 + length
            _ = try? HeartbeatPacket(decoding: datagram, key: nil)
            _ = try? HeartbeatPacket(decoding: datagram, key: key)
            _ = try? PiranhaHeartbeat(decoding: datagram)
            // The sender's datagrams alternate between the paths, public first.
            let source = peer.address(on: sequence % 2 == 0 ? .public : .private)!
            sequence += 1
            now += step
            switch receiver.receive(datagram, from: source, ownSequence: sequence) {
            case .success(let heartbeat): _ = machine.handle(.heartbeatReceived(heartbeat), at: now)
            case .failure(let rejection): _ = machine.handle(.heartbeatDropped(rejection), at: now)
            }
            if receiver.takeEchoRequest() { _ = machine.handle(.echoRequested, at: now) }
            _ = machine.handle(.tick, at: now)
        }
        _ = machine.status(at: now)
    }

    static func control(_ bytes: [UInt8]) {
        var framer = LineFramer(maximumLineLength: 4096)
        for output in framer.feed(bytes) {
            guard case .line(let line) = output else { break }
            _ = try? PulseRequest(line: line)
            _ = try? LVSDRequest(line: line)
            _ = try? ControlResponse<PulseStatus>(line: line)
            _ = try? ControlResponse<LVSDStatus>(line: line)
        }
    }

    static func netlink(_ bytes: [UInt8]) {
        guard let messages = try? NetlinkMessage.parse(bytes[...]) else { return }
        for message in messages {
            _ = message.errorCode
            _ = message.genericCommand
            let attributes = message.genericAttributes
            _ = try? IPVSMessageDecoder.service(fromMessage: attributes)
            _ = try? IPVSMessageDecoder.destination(fromMessage: attributes, serviceFamily: .inet)
            _ = try? IPVSMessageDecoder.destination(fromMessage: attributes, serviceFamily: .inet6)
            _ = try? IPVSMessageDecoder.daemon(fromMessage: attributes)
            _ = try? IPVSMessageDecoder.timeouts(fromMessage: attributes)
            _ = try? IPVSMessageDecoder.info(fromMessage: attributes)
        }
    }

    static func restore(_ bytes: [UInt8]) {
        var table = InMemoryIPVSTable()
        let environment = AdminEnvironment(
            openTable: { table }, loadModule: { false }, readStandardInput: { bytes }, readConnectionTable: { nil },
            writeOutput: { _ in }, writeError: { _ in })
        _ = IPVSAdmin.run(arguments: ["lvsadm", "-R"], environment: environment)
        table = InMemoryIPVSTable()
        _ = table
    }

    static let dnsCheck = DNSCheck(
        endpoint: SocketAddress(address: IPAddress("10.0.1.11")!, port: 53),
        name: try! DomainName(parsing: "www.example.com"),
        type: .a, expectedAnswer: try! DNSExpectedAnswer(parsing: "10.0.0.1", for: .a))

    /// The query takes the input's id, so that inputs get past the id check into the message.
    static func dns(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let query = DNSQuery(name: dnsCheck.name, type: dnsCheck.type, id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
        do {
            let response = try DNSResponse(decoding: bytes, answering: query)
            _ = response.answers.map(\.description)
            _ = dnsCheck.verdict(on: response, to: query)
        } catch {
            _ = error.description
        }
    }

    /// The first byte sets the chunk size (1-256), the rest is what the server sends.
    static func smtp(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        var reader = SMTPReplyReader()
        var rest = bytes.dropFirst()
        while !rest.isEmpty {
            reader.feed(rest.prefix(Int(first) + 1))
            rest = rest.dropFirst(Int(first) + 1)
            do {
                while let reply = try reader.next() { _ = reply.description }
            } catch {
                _ = error.description
                return
            }
        }
    }

    static let vrrpPeers: [(IPAddress, IPAddress)] = [
        (IPAddress("192.0.2.1")!, IPAddress("224.0.0.18")!), (IPAddress("fe80::1")!, IPAddress("ff02::12")!),
    ]

    static func vrrp(_ bytes: [UInt8]) {
        for (source, destination) in vrrpPeers {
            for mode in VRRPChecksumMode.allCases {
                do {
                    let advertisement = try VRRPPacketCodec.decode(bytes, from: source, to: destination, checksum: mode)
                    let encoded = VRRPPacketCodec.encode(advertisement, from: source, to: destination, checksum: mode)
                    // Not kept: bytes past the addresses, v2's authentication data, v3's reserved bits.
                    let kept = advertisement.version == .v3 && bytes[4] & 0xF0 == 0
                    guard !kept || encoded == Array(bytes.prefix(encoded.count)) else {
                        fatalError("decoded \(advertisement) but it encodes to other bytes")
                    }
                } catch {
                    _ = error.description
                }
            }
            electionHears(bytes, from: source, to: destination)
        }
    }

    /// The receive checks and the election, for a router of the id and version the input names
    /// (so that most inputs get past the id): a master that accepts a higher priority gives way.
    static func electionHears(_ bytes: [UInt8], from source: IPAddress, to destination: IPAddress) {
        guard bytes.count >= 2, bytes[1] != 0 else { return }
        let version: VRRPAdvertisement.Version = source.family == .inet && bytes[0] >> 4 == 2 ? .v2 : .v3
        let vip: IPAddress = source.family == .inet ? .v4(IPv4Address(0xC633_640A)) : IPAddress("2001:db8::10")!
        guard
            let configuration = try? VRRPElectionConfiguration(
                role: .primary, version: version, virtualRouterID: bytes[1], priority: 100, ownAddress: destination,
                addresses: [vip])
        else { return }
        let filter = VRRPAdvertFilter(
            version: version, virtualRouterID: bytes[1], advertIntervalCentiseconds: 100, addresses: [vip],
            checksum: .withPseudoHeader, unicastPeers: [])
        var election = VRRPElection(configuration: configuration)
        let t0 = ContinuousClock.now
        _ = election.handle(.start, at: t0)
        _ = election.handle(.tick, at: t0 + .seconds(5))
        switch filter.accept(bytes, from: source, to: destination, hopLimit: 255) {
        case .success(let advertisement):
            if let mismatch = filter.addressMismatch(advertisement, from: source) {
                _ = election.record(mismatch, at: t0 + .seconds(5))
            }
            _ = election.receive(advertisement, from: source, at: t0 + .seconds(5))
            if advertisement.priority > 100, election.holdsVIPs {
                fatalError("a master kept the VIPs against priority \(advertisement.priority)")
            }
        case .failure(let rejection):
            _ = election.record(rejection, at: t0 + .seconds(5))
        }
        _ = election.status(at: t0 + .seconds(6))
    }
}
