extension NetworkNamespace {
    /// The MAC address of `interface` in this namespace, from `ip -o link`.
    public func macAddress(of interface: String) throws -> String {
        let line = try runChecked(["ip", "-o", "link", "show", "dev", interface])
        let fields = line.split(separator: " ")
        guard let i = fields.firstIndex(of: "link/ether"), i + 1 < fields.count else {
            throw LabError("no link/ether in: \(line)")
        }
        return String(fields[i + 1])
    }

    /// The link-layer address this namespace's neighbour table holds for `address`, if any.
    public func neighbourMAC(of address: String, on interface: String = "eth0") throws -> String? {
        let line = try runChecked(["ip", "neigh", "show", address, "dev", interface])
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard let i = fields.firstIndex(of: "lladdr"), i + 1 < fields.count else { return nil }
        return String(fields[i + 1])
    }

    /// Sends one UDP datagram to `address` (port 9, discard), making the kernel resolve it.
    public func poke(_ address: String) throws {
        let family = address.contains(":") ? "AF_INET6" : "AF_INET"
        try runChecked([
            "python3", "-c",
            "import socket; s = socket.socket(socket.\(family), socket.SOCK_DGRAM); s.sendto(b'x', ('\(address)', 9))",
        ])
    }
}
