import Addressing
@testable import LVSConfig

/// A resolver with a fixed table, so tests never depend on DNS or /etc/services.
struct TableNameResolver: NameResolver {
    var hosts: [String: [IPAddress]] = [
        "web1.example": [.v4(IPv4Address(10, 0, 1, 10))],
        "multi.example": [.v4(IPv4Address(10, 0, 1, 20)), .v4(IPv4Address(10, 0, 1, 21))],
    ]
    var services: [String: UInt16] = ["http": 80, "https": 443, "smtp": 25, "domain": 53]

    func addresses(ofHost name: String) -> [IPAddress] { hosts[name] ?? [] }
    func port(ofService name: String, protocol: String) -> UInt16? { services[name] }
}

/// A config that parses without any diagnostic; tests add to it.
let validGlobals = """
    primary = 192.0.2.1
    backup = 192.0.2.2
    backup_active = 1
    network = direct

    """

let validVirtual = """
    virtual www {
        active = 1
        address = 192.0.2.10 eth0:1
        server rs1 {
            address = 10.0.1.10
            active = 1
        }
    }

    """

func parse(_ text: String, file: String = "lvs.cf") -> LVSConfigParseResult {
    LVSConfigParser(resolver: TableNameResolver()).parse(text, file: file)
}

func parse(bytes: [UInt8]) -> LVSConfigParseResult {
    LVSConfigParser(resolver: TableNameResolver()).parse(bytes, file: "lvs.cf")
}

/// Parses globals + extra global lines + a valid virtual block.
func parseGlobals(_ extra: String) -> LVSConfigParseResult {
    parse(validGlobals + extra + "\n" + validVirtual)
}

/// Parses a valid file whose virtual block also holds `extra` (before its server).
func parseVirtual(_ extra: String) -> LVSConfigParseResult {
    parse(
        validGlobals + """
            virtual www {
                active = 1
                address = 192.0.2.10 eth0:1
            \(extra)
                server rs1 {
                    address = 10.0.1.10
                    active = 1
                }
            }

            """)
}

/// The diagnostics as printed, without the file name.
extension LVSConfigParseResult {
    var lines: [String] { diagnostics.map { "\($0.line):\($0.column): \($0.severity.rawValue): \($0.message)" } }
}

/// A small deterministic generator (SplitMix64), so random tests can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The samples shipped in etc/, read from the source tree.
func sampleBytes(_ name: String) throws -> [UInt8] {
    let here = #filePath
    let root = String(here.split(separator: "/Tests/LVSConfigTests/")[0])
    return try LVSConfigFile.read(root + "/etc/" + name)
}

/// Parses a fragment and leaves out what the validator says about a file that has no
/// `primary` and no service (every one-line fragment), so a test sees the fragment's own problems.
func parseFragment(_ text: String) -> LVSConfigParseResult {
    var r = parse(text)
    let noise = ["primary: missing:", "service: no active virtual service"]
    r.diagnostics.removeAll { d in noise.contains { d.message.hasPrefix($0) } }
    r.errorCount = r.diagnostics.filter { $0.severity == .error }.count
    return r
}
