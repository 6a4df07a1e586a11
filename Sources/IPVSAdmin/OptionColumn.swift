/// The options the matrix knows (`OPTC_*`), as bits of a set; the raw value is the bit number.
enum OptionColumn: Int, CaseIterable, Sendable {
    case numeric, connection, service, scheduler, persistent, netmask, server, forward, weight
    case upperThreshold, lowerThreshold, mcastInterface, timeout, daemon, stats, rate, thresholds
    case persistentConn, noSort, syncID, exact, ops, persistenceEngine, schedulerFlags, mcastGroup
    case mcastPort, mcastTTL, syncMaxLength, tunnelInfo, tunnelType, tunnelPort, tunnelNoChecksum
    case tunnelChecksum, tunnelRemoteChecksum

    /// The name in ipvsadm's messages (`optnames[]`).
    var name: String {
        Self.names[rawValue]
    }

    private static let names = [
        "numeric", "connection", "service-address", "scheduler", "persistent", "netmask", "real-server",
        "forwarding-method", "weight", "u-threshold", "l-threshold", "mcast-interface", "timeout", "daemon", "stats",
        "rate", "thresholds", "persistent-conn", "nosort", "syncid", "exact", "ops", "pe", "sched-flags",
        "mcast-group", "mcast-port", "mcast-ttl", "sync-maxlen", "tun-info", "tun-type", "tun-port", "tun-nocsum",
        "tun-csum", "tun-remcsum",
    ]

    /// The bit of this option in an option set.
    var bit: UInt64 { 1 << UInt64(rawValue) }
}
