/// Every key lvs.cf knows, by its spelling in the file.
enum ConfigKey: String, CaseIterable, Sendable {
    // Global settings (lvs-cf.md A.5) and the extensions.
    case serialNo = "serial_no"
    case service
    case primary
    case primaryPrivate = "primary_private"
    case primaryShared = "primary_shared"
    case backup
    case backupActive = "backup_active"
    case backupPrivate = "backup_private"
    case backupShared = "backup_shared"
    case heartbeat
    case heartbeatPort = "heartbeat_port"
    case keepalive
    case deadtime
    case network
    case natRouter = "nat_router"
    case natNmask = "nat_nmask"
    case debugLevel = "debug_level"
    case rshCommand = "rsh_command"
    case ipvsadm
    case sync
    case reservationConflictAction = "reservation_conflict_action"
    case activeCmd = "active_cmd"
    case inactiveCmd = "inactive_cmd"
    case monitorLinks = "monitor_links"
    case syncdaemon
    case syncdIface = "syncd_iface"
    case syncdID = "syncd_id"
    case tcpTimeout = "tcp_timeout"
    case tcpfinTimeout = "tcpfin_timeout"
    case udpTimeout = "udp_timeout"
    case hardShutdown = "hard_shutdown"
    case heartbeatProtocol = "heartbeat_protocol"
    case heartbeatKeyFile = "heartbeat_key_file"
    case vrrpID = "vrrp_id"
    case vrrpVersion = "vrrp_version"
    case vrrpPrimaryPriority = "vrrp_primary_priority"
    case vrrpBackupPriority = "vrrp_backup_priority"
    case vrrpAdvertInterval = "vrrp_advert_interval"
    case vrrpPreempt = "vrrp_preempt"
    case vrrpPreemptDelay = "vrrp_preempt_delay"
    case vrrpUnicastPeers = "vrrp_unicast_peers"
    case vrrpChecksum = "vrrp_checksum"
    case garpCount = "garp_count"
    case garpInterval = "garp_interval"
    case warmStandby = "warm_standby"
    case clusterMode = "cluster_mode"
    case clusterDirectors = "cluster_directors"
    case bgpLocalAS = "bgp_local_as"
    case bgpNeighbors = "bgp_neighbors"
    case bgpBFD = "bgp_bfd"
    case bgpBFDInterval = "bgp_bfd_interval"
    case bgpHoldTime = "bgp_hold_time"
    case birdSocket = "bird_socket"
    case birdInclude = "bird_include"
    // Virtual and failover blocks (A.6, A.8).
    case active
    case address
    case vipNmask = "vip_nmask"
    case sorryServer = "sorry_server"
    case fwmark
    case `protocol`
    case port
    case scheduler
    case schedulerFlags = "scheduler_flags"
    case persistent
    case pmask
    case clientMonitor = "client_monitor"
    case send
    case expect
    case useRegex = "use_regex"
    case sendProgram = "send_program"
    case timeout
    case reentry
    case loadMonitor = "load_monitor"
    case quiesceServer = "quiesce_server"
    case startCmd = "start_cmd"
    case stopCmd = "stop_cmd"
    case master
    case dirs
    case expectProgram = "expect_program"
    case method
    // Health-check extensions, in virtual and failover blocks.
    case checkType = "check_type"
    case httpMethod = "http_method"
    case httpPath = "http_path"
    case httpHost = "http_host"
    case httpStatus = "http_status"
    case httpRegex = "http_regex"
    case httpDigest = "http_digest"
    case tlsServerName = "tls_server_name"
    case tlsVerify = "tls_verify"
    case tlsCAFile = "tls_ca_file"
    case dnsName = "dns_name"
    case dnsType = "dns_type"
    case dnsRcode = "dns_rcode"
    case dnsAnswer = "dns_answer"
    case smtpHelo = "smtp_helo"
    case rise
    case fall
    // Server blocks (A.7).
    case weight
    case nmask
    // Block openers.
    case virtual
    case failover
    case server

    /// The spelling in the file.
    var name: String { rawValue }

    /// Looks a key up by its bytes, without building a String.
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> ConfigKey? {
        let length = end - start
        guard length > 0, length < table.count else { return nil }
        for entry in table[length] where entry.first == bytes[start] {
            var i = 1
            while i < length && entry.bytes[i] == bytes[start + i] { i += 1 }
            if i == length { return entry.key }
        }
        return nil
    }

    private struct Entry: Sendable {
        let bytes: [UInt8]
        let first: UInt8
        let key: ConfigKey
    }

    /// Keys grouped by length.
    private static let table: [[Entry]] = {
        let longest = allCases.map(\.rawValue.utf8.count).max() ?? 0
        var t = [[Entry]](repeating: [], count: longest + 1)
        for key in allCases {
            let b = Array(key.rawValue.utf8)
            t[b.count].append(Entry(bytes: b, first: b[0], key: key))
        }
        return t
    }()
}
