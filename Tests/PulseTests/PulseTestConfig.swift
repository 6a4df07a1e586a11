import LVSConfig
import Testing

/// lvs.cf texts for the tests: two directors with public and private addresses, NAT, two
/// services sharing one VIP and a third on another, every pulse key set.
enum PulseTestConfig {
    static let base = """
        serial_no = 7
        primary = 192.0.2.1
        primary_private = 10.9.0.1
        backup = 192.0.2.2
        backup_private = 10.9.0.2
        backup_active = 1
        service = lvs
        heartbeat_port = 1539
        keepalive = 0.25
        deadtime = 1
        heartbeat_key_file = /etc/sysconfig/ha/heartbeat.key
        network = nat
        nat_router = 10.0.1.254 eth1:1
        nat_nmask = 255.255.255.0
        garp_count = 3
        garp_interval = 0.5
        active_cmd = "/usr/local/sbin/became-active --now"
        inactive_cmd = "logger  standby"
        syncdaemon = 1
        syncd_iface = eth2
        syncd_id = 9
        monitor_links = 1

        virtual www {
            active = 1
            address = 192.0.2.10 eth0:1
            vip_nmask = 255.255.255.0
            port = 80
            server web1 {
                address = 10.0.1.10
                active = 1
            }
        }
        virtual www443 {
            active = 1
            address = 192.0.2.10 eth0:1
            vip_nmask = 255.255.255.0
            port = 443
            server web1 {
                address = 10.0.1.10
                active = 1
            }
        }
        virtual mail {
            active = 1
            address = 192.0.2.11 eth0
            port = 25
            server mail1 {
                address = 10.0.1.20
                active = 1
            }
        }
        virtual old {
            active = 0
            address = 192.0.2.12 eth0:3
            port = 80
        }

        """

    /// `base` with each `key = value` line of `replacing` replaced (or appended when absent),
    /// parsed; the test fails on a parse error.
    static func config(_ replacing: [String: String] = [:], removing: [String] = [], text: String = base) -> LVSConfig {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for key in removing { lines.removeAll { $0.hasPrefix("\(key) =") } }
        for (key, value) in replacing.sorted(by: { $0.key < $1.key }) {
            if let index = lines.firstIndex(where: { $0.hasPrefix("\(key) =") }) {
                lines[index] = "\(key) = \(value)"
            } else {
                lines.insert("\(key) = \(value)", at: 0)
            }
        }
        let result = LVSConfigParser().parse(lines.joined(separator: "\n"), file: "lvs.cf")
        let errors = result.errors.map(\.description)
        #expect(errors.isEmpty)
        return result.config
    }
}
