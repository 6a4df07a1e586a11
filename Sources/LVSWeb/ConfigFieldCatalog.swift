import LVSConfig

/// Every setting of lvs.cf, grouped as the web tool's panels show them: Piranha's GLOBAL SETTINGS
/// and REDUNDANCY split the global section; a virtual server's page has its own settings and its
/// health check; a real server's page has its own. A test holds the catalog to
/// ``LVSConfigSection/keys``, so a key added to lvs.cf without a field fails the build.
public enum ConfigFieldCatalog {
    /// The global keys of the REDUNDANCY panel: the backup, heartbeats, takeover and sync.
    public static let redundancyKeys: Set<String> = [
        "backup_active", "backup", "backup_private", "backup_shared", "heartbeat", "heartbeat_port", "keepalive",
        "deadtime", "heartbeat_protocol", "heartbeat_key_file", "warm_standby", "monitor_links", "garp_count",
        "garp_interval", "hard_shutdown", "active_cmd", "inactive_cmd", "reservation_conflict_action", "syncdaemon",
        "syncd_iface", "syncd_id", "sync", "cluster_mode", "cluster_directors", "bgp_local_as", "bgp_neighbors",
        "bgp_bfd", "bgp_bfd_interval", "bgp_hold_time", "bird_socket", "bird_include", "vrrp_id", "vrrp_version",
        "vrrp_primary_priority", "vrrp_backup_priority", "vrrp_advert_interval", "vrrp_preempt", "vrrp_preempt_delay",
        "vrrp_unicast_peers", "vrrp_checksum",
    ]

    /// The health-check keys of virtual and failover blocks (shown as their own group).
    public static let checkKeys: Set<String> = [
        "check_type", "send", "expect", "use_regex", "send_program", "expect_program", "timeout", "reentry", "rise",
        "fall", "http_method", "http_path", "http_host", "http_status", "http_regex", "http_digest", "tls_server_name",
        "tls_verify", "tls_ca_file", "dns_name", "dns_type", "dns_rcode", "dns_answer", "smtp_helo", "client_monitor",
        "load_monitor", "method",
    ]

    /// The GLOBAL SETTINGS panel.
    public static var global: [ConfigField] {
        LVSConfigSection.global.keys.filter { !redundancyKeys.contains($0) }.map(field)
    }

    /// The REDUNDANCY panel.
    public static var redundancy: [ConfigField] {
        LVSConfigSection.global.keys.filter { redundancyKeys.contains($0) }.map(field)
    }

    /// A virtual or failover block's own settings (without the health check).
    public static func service(_ section: LVSConfigSection) -> [ConfigField] {
        section.keys.filter { !checkKeys.contains($0) }.map(field)
    }

    /// A virtual or failover block's health-check settings.
    public static func check(_ section: LVSConfigSection) -> [ConfigField] {
        section.keys.filter { checkKeys.contains($0) }.map(field)
    }

    /// A real server's settings.
    public static var server: [ConfigField] { LVSConfigSection.server.keys.map(field) }

    /// The field for a key: a known label and hint, or the key itself.
    public static func field(_ key: String) -> ConfigField {
        if let known = known[key] { return known }
        return ConfigField(key, key.replacingUnderscores)
    }

    private static let switchValues = ["0", "1"]

    private static let known: [String: ConfigField] = {
        let fields: [ConfigField] = [
            ConfigField("serial_no", "Serial number", hint: "Piranha's tool raised it on every save; informational"),
            ConfigField(
                "service", "Service type", hint: "lvs: load balancing with IPVS; fos: failover services",
                suggestions: ["lvs", "fos"]),
            ConfigField("primary", "Primary server public IP"),
            ConfigField("primary_private", "Primary server private IP", hint: "a second heartbeat path"),
            ConfigField("network", "Use network type", suggestions: ["nat", "direct", "tunnel"]),
            ConfigField("nat_router", "NAT router IP and device", hint: "e.g. 10.0.1.254 eth1:1"),
            ConfigField("nat_nmask", "NAT router netmask"),
            ConfigField("rsh_command", "Remote command for load monitoring", suggestions: ["ssh", "rsh"]),
            ConfigField("debug_level", "Debug level", suggestions: ["NONE", "LOW", "HIGH"]),
            ConfigField("ipvsadm", "ipvsadm path"),
            ConfigField("tcp_timeout", "TCP timeout", hint: "seconds; IPVS's connection timeout"),
            ConfigField("tcpfin_timeout", "TCP FIN timeout", hint: "seconds"),
            ConfigField("udp_timeout", "UDP timeout", hint: "seconds"),
            ConfigField("backup_active", "Redundant server active", suggestions: switchValues),
            ConfigField("backup", "Redundant server public IP"),
            ConfigField("backup_private", "Redundant server private IP"),
            ConfigField("heartbeat", "Heartbeats on", suggestions: switchValues),
            ConfigField("heartbeat_port", "Heartbeat runs on port"),
            ConfigField("keepalive", "Heartbeat interval", hint: "seconds, fractions allowed"),
            ConfigField("deadtime", "Assume dead after", hint: "seconds without a heartbeat"),
            ConfigField(
                "heartbeat_protocol", "Heartbeat protocol",
                hint: "vrrp: elect the active director with VRRP, to pair with keepalived or a VRRP router",
                suggestions: ["lvsrouter", "piranha", "vrrp"]),
            ConfigField("heartbeat_key_file", "Heartbeat key file", hint: "authenticates heartbeats"),
            ConfigField("vrrp_id", "VRRP virtual router ID", hint: "1-255, the same on every router of the group"),
            ConfigField(
                "vrrp_version", "VRRP version", hint: "default 2 for IPv4, 3 for IPv6; 3 for sub-second intervals",
                suggestions: ["2", "3"]),
            ConfigField("vrrp_primary_priority", "VRRP priority of the primary", hint: "1-254; default 150"),
            ConfigField("vrrp_backup_priority", "VRRP priority of the backup", hint: "1-254; default 100"),
            ConfigField(
                "vrrp_advert_interval", "VRRP advertisement interval",
                hint: "centiseconds, 1-4095; default 100; version 2: whole seconds only"),
            ConfigField(
                "vrrp_preempt", "VRRP preemption", hint: "1: a higher priority takes over from a live master",
                suggestions: switchValues),
            ConfigField("vrrp_preempt_delay", "VRRP preemption delay", hint: "seconds after start, 0-1000; default 0"),
            ConfigField(
                "vrrp_unicast_peers", "VRRP unicast peers",
                hint: "the other routers' addresses, blank-separated; empty: multicast"),
            ConfigField(
                "vrrp_checksum", "VRRPv3 checksum over IPv4",
                hint: "pseudo-header (RFC 5798, keepalived) or message-only (RFC 9568)",
                suggestions: ["pseudo-header", "message-only"]),
            ConfigField(
                "warm_standby", "Warm standby", hint: "1: the backup keeps its IPVS table ready",
                suggestions: switchValues),
            ConfigField("monitor_links", "Monitor NIC links", suggestions: switchValues),
            ConfigField(
                "cluster_mode", "Director cluster",
                hint: "pair: one active director of two; bgp: every director active, announced to the routers",
                suggestions: ["pair", "bgp"]),
            ConfigField(
                "cluster_directors", "Cluster directors", hint: "every director's own address, blank-separated"),
            ConfigField("bgp_local_as", "Directors' AS number"),
            ConfigField("bgp_neighbors", "BGP routers", hint: "address and AS of each router, e.g. 10.0.0.1 65000"),
            ConfigField("bgp_bfd", "BFD on the BGP sessions", suggestions: switchValues),
            ConfigField("bgp_bfd_interval", "BFD interval", hint: "milliseconds; down after 3 missed; default 100"),
            ConfigField("bgp_hold_time", "BGP hold time", hint: "seconds; default 9"),
            ConfigField("bird_socket", "BIRD control socket", hint: "default /run/bird/bird.ctl"),
            ConfigField("bird_include", "BIRD file pulse writes", hint: "default /etc/bird/lvsrouter.conf"),
            ConfigField("syncdaemon", "IPVS connection sync", suggestions: switchValues),
            ConfigField("active", "Active", suggestions: switchValues),
            ConfigField(
                "address", "Address",
                hint: "a real server: its IP; a virtual or failover service: IP and device, e.g. 192.168.0.10 eth0:1"),
            ConfigField("vip_nmask", "Virtual IP network mask"),
            ConfigField("port", "Application port"),
            ConfigField("protocol", "Protocol", suggestions: ["tcp", "udp"]),
            ConfigField("fwmark", "Firewall mark"),
            ConfigField(
                "scheduler", "Scheduling",
                suggestions: ["wlc", "lc", "rr", "wrr", "lblc", "lblcr", "dh", "sh", "sed", "nq", "mh"]),
            ConfigField(
                "scheduler_flags", "Scheduler flags", hint: "e.g. mh-port mh-fallback",
                suggestions: ["mh-port", "mh-fallback", "mh-port mh-fallback", "sh-port", "sh-fallback"]),
            ConfigField("persistent", "Persistence", hint: "seconds; empty for none"),
            ConfigField("pmask", "Persistence network mask"),
            ConfigField("sorry_server", "Sorry server", hint: "IP[:port] used when no real server is up"),
            ConfigField(
                "quiesce_server", "Quiesce server", hint: "1: a failed server goes to weight 0 instead of out",
                suggestions: switchValues),
            ConfigField("timeout", "Re-entry/check timeout", hint: "seconds a check may take"),
            ConfigField("reentry", "Re-entry time", hint: "seconds a server must pass before it comes back"),
            ConfigField("load_monitor", "Load monitoring tool", suggestions: ["none", "uptime", "rup", "ruptime"]),
            ConfigField(
                "check_type", "Check type",
                suggestions: ["tcp", "udp", "http", "https", "tls", "dns", "smtp", "program"]),
            ConfigField("send", "Send", hint: "what the check sends (send/expect)"),
            ConfigField("expect", "Expect", hint: "what the answer must begin with"),
            ConfigField("use_regex", "Treat expect as a regular expression", suggestions: switchValues),
            ConfigField("send_program", "Sending program", hint: "%h is the real server's address"),
            ConfigField("expect_program", "Expected program output"),
            ConfigField("http_method", "HTTP method", suggestions: ["GET", "HEAD"]),
            ConfigField("http_path", "HTTP path"),
            ConfigField("http_host", "HTTP Host header"),
            ConfigField("http_status", "Expected HTTP status", hint: "codes, ranges and classes: 200-299 301 3xx"),
            ConfigField("tls_verify", "Verify the certificate", suggestions: switchValues),
            ConfigField("rise", "Rise", hint: "passes in a row before a server comes back"),
            ConfigField("fall", "Fall", hint: "failures in a row before a server goes out"),
            ConfigField("start_cmd", "Start command"),
            ConfigField("stop_cmd", "Stop command"),
            ConfigField("weight", "Weight"),
            ConfigField("nmask", "Netmask"),
        ]
        return Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0) })
    }()
}

extension String {
    fileprivate var replacingUnderscores: String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
