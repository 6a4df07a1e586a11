import Foundation
import Glibc

/// A temporary directory for one test, removed afterwards.
struct Scratch {
    let path: String

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }
}

/// Runs `body` with a fresh scratch directory under /tmp, removing it afterwards.
func withScratch<T>(_ body: (Scratch) throws -> T) throws -> T {
    let path = "/tmp/lvsd-test-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(Scratch(path: path))
}

/// Whether this kernel has IPVS loaded (the guest preloads it; this host has none).
let ipvsAvailable = access("/proc/net/ip_vs", F_OK) == 0

/// A valid lvs.cf with one virtual service (www, 192.0.2.10:`port`) and two real servers.
func validConfig(port: Int, extra: String = "", servers: String? = nil) -> String {
    """
    primary = 192.0.2.1
    backup = 192.0.2.2
    backup_active = 1
    network = nat
    nat_router = 10.0.1.254 eth1:1

    virtual www {
        active = 1
        address = 192.0.2.10 eth0:1
        port = \(port)
        \(extra)
    \(servers ?? """
            server rs1 {
                address = 10.0.1.10
                active = 1
                weight = 1
            }
            server rs2 {
                address = 10.0.1.11
                active = 1
                weight = 2
            }
        """)
    }

    """
}
