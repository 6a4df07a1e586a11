#if canImport(Glibc)
import Glibc
#endif
import CLVSShims
import LVSTestKit

/// Runs `body` on the calling thread inside `namespace`'s network namespace, then switches the
/// thread back. `body` must not suspend (no `await`): the namespace belongs to this thread only.
/// Sockets opened inside stay in the namespace after the switch back.
func inside<T>(_ namespace: NetworkNamespace, _ body: () throws -> T) throws -> T {
    let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
    guard original >= 0 else { throw LabError("open /proc/thread-self/ns/net: \(String(cString: strerror(errno)))") }
    defer { close(original) }
    let target = open(namespace.path, O_RDONLY | O_CLOEXEC)
    guard target >= 0 else { throw LabError("open \(namespace.path): \(String(cString: strerror(errno)))") }
    defer { close(target) }
    guard lvs_enter_network_namespace(target) == 0 else {
        throw LabError("setns(\(namespace.name)): \(String(cString: strerror(errno)))")
    }
    defer {
        // Leaving the thread in the test namespace would break every later test on it.
        precondition(lvs_enter_network_namespace(original) == 0, "setns back: \(String(cString: strerror(errno)))")
    }
    return try body()
}

/// Polls `condition` every 20 ms for at most `timeout`; returns whether it became true.
func eventually(within timeout: Duration = .seconds(3), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

extension NetworkNamespace {
    /// The MAC address of `interface` in this namespace, from `ip -o link`.
    func macAddress(of interface: String) throws -> String {
        let line = try runChecked(["ip", "-o", "link", "show", "dev", interface])
        let fields = line.split(separator: " ")
        guard let i = fields.firstIndex(of: "link/ether"), i + 1 < fields.count else {
            throw LabError("no link/ether in: \(line)")
        }
        return String(fields[i + 1])
    }

    /// The link-layer address this namespace's neighbour table holds for `address`, if any.
    func neighbourMAC(of address: String, on interface: String = "eth0") throws -> String? {
        let line = try runChecked(["ip", "neigh", "show", address, "dev", interface])
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard let i = fields.firstIndex(of: "lladdr"), i + 1 < fields.count else { return nil }
        return String(fields[i + 1])
    }

    /// Sends one UDP datagram to `address` (port 9, discard), making the kernel resolve it.
    func poke(_ address: String) throws {
        let family = address.contains(":") ? "AF_INET6" : "AF_INET"
        try runChecked([
            "python3", "-c",
            "import socket; s = socket.socket(socket.\(family), socket.SOCK_DGRAM); s.sendto(b'x', ('\(address)', 9))",
        ])
    }
}

/// A failure of the test's own plumbing (not of the code under test).
struct LabError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
