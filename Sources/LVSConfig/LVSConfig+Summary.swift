extension LVSConfig {
    /// One line for an admin: services, real servers and directors, e.g.
    /// `2 virtual services (2 active), 5 real servers (5 active); primary 192.0.2.1, backup 192.0.2.2`.
    public var summary: String {
        var parts: [String] = []
        if service == .fos || (!failoverServices.isEmpty && virtualServices.isEmpty) {
            let active = failoverServices.filter(\.active).count
            parts.append("\(Self.count(failoverServices.count, "failover service")) (\(active) active)")
        } else {
            let active = virtualServices.filter(\.active).count
            let servers = virtualServices.flatMap(\.servers)
            let activeServers = virtualServices.filter(\.active).flatMap(\.servers).filter(\.active).count
            parts.append(
                "\(Self.count(virtualServices.count, "virtual service")) (\(active) active), "
                    + "\(Self.count(servers.count, "real server")) (\(activeServers) active)")
        }
        let primaryText = primary.publicAddress.map { "primary \($0)" } ?? "no primary"
        let backupText: String
        if let b = backup.publicAddress {
            backupText = backupActive ? "backup \(b)" : "backup \(b) (inactive)"
        } else {
            backupText = "no backup"
        }
        return parts.joined() + "; \(primaryText), \(backupText)"
    }

    private static func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
    }
}
