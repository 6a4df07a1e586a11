import Addressing
import Director
import IPVS
import InMemoryLogging
import LVSConfig
import Logging
import Testing

/// Parses lvs.cf text that must have no error (tests only use literal addresses).
func config(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> LVSConfig {
    let result = LVSConfigParser().parse(text, file: "lvs.cf")
    #expect(!result.hasErrors, "\(result.errors.map(\.description))", sourceLocation: sourceLocation)
    return result.config
}

/// A two-director NAT file around `blocks`.
func lvsFile(_ blocks: String, globals: String = "") -> String {
    """
    primary = 192.0.2.1
    backup = 192.0.2.2
    backup_active = 1
    network = nat
    nat_router = 10.0.1.254 eth1:1
    \(globals)
    \(blocks)
    """
}

/// `virtual www` on 192.0.2.10:80 with rs1 (10.0.1.10, weight 10) and rs2 (10.0.1.11, weight 20).
let wwwBlock = """
    virtual www {
        active = 1
        address = 192.0.2.10 eth0:1
        port = 80
        scheduler = wlc
        timeout = 6
        reentry = 15
        server rs1 {
            address = 10.0.1.10
            active = 1
            weight = 10
        }
        server rs2 {
            address = 10.0.1.11
            active = 1
            weight = 20
        }
    }
    """

func v4(_ text: String) -> IPAddress { IPAddress(text)! }

let wwwIdentity = IPVSServiceIdentity.address(.tcp, v4("192.0.2.10"), port: 80)
let rs1 = RealServerKey(service: wwwIdentity, server: IPVSDestinationIdentity(address: v4("10.0.1.10"), port: 80))
let rs2 = RealServerKey(service: wwwIdentity, server: IPVSDestinationIdentity(address: v4("10.0.1.11"), port: 80))

/// A virtual clock: instants are offsets from one fixed start; only ``advance(_:)`` moves it.
final class VirtualClock: @unchecked Sendable {
    let start = ContinuousClock.now
    private(set) var elapsed: Duration = .zero
    var now: ContinuousClock.Instant { start + elapsed }
    func advance(_ duration: Duration) { elapsed += duration }
}

/// A logger that keeps what it is given.
func recordingLogger() -> (Logger, InMemoryLogHandler) {
    let handler = InMemoryLogHandler()
    var logger = Logger(label: "lvsd", factory: { _ in handler })
    logger.logLevel = .debug
    return (logger, handler)
}

extension InMemoryLogHandler {
    /// Every message, as text.
    var messages: [String] { entries.map { "\($0.message)" } }
}

extension [DirectorAction] {
    /// The log lines among the actions.
    var logLines: [String] {
        compactMap { if case .log(_, let text) = $0 { text } else { nil } }
    }

    /// Whether a reconcile is asked for.
    var reconciles: Bool { contains(.reconcile) }
}

extension TargetTable {
    /// The destinations of a service, as `address:port=weight` texts in order.
    func weights(_ identity: IPVSServiceIdentity) -> [String] {
        (service(identity)?.destinations ?? []).map { "\($0.identity)=\($0.weight)" }
    }
}
