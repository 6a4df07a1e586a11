/// The lab's lvs.cf, written from a ``LabPlan``: one file for both directors, as in production.
/// Pure.
public struct LabConfigFile: Sendable {
    /// The plan it describes.
    public let plan: LabPlan
    /// `heartbeat_key_file`, when the plan asks for authenticated heartbeats (never with VRRP).
    public let keyFile: String?

    /// The file for `plan`; `keyFile` is the key's path (used when `plan.heartbeatKey`).
    public init(plan: LabPlan, keyFile: String?) {
        self.plan = plan
        self.keyFile = plan.heartbeatKey && !plan.daemon.pulseSpeaksVRRP ? keyFile : nil
    }

    /// The file's text.
    public var text: String {
        var lines = [
            "# lvs.cf of the lvslab \(plan.tag) lab: \(plan.forwarding == .nat ? "NAT" : "direct routing"), "
                + "\(plan.hasBackup ? "two directors" : "one director"), \(plan.realServerCount) real servers",
            "serial_no = 1",
            "primary = \(LabDirectorRole.primary.publicAddress)",
        ]
        if plan.hasBackup {
            lines += [
                "primary_private = \(LabDirectorRole.primary.privateAddress)",
                "backup = \(LabDirectorRole.backup.publicAddress)",
                "backup_private = \(LabDirectorRole.backup.privateAddress)",
                "backup_active = 1",
            ]
        } else {
            lines.append("backup_active = 0")
        }
        lines.append("service = lvs")
        if plan.daemon.pulseSpeaksVRRP {
            lines += vrrp
        } else {
            lines += ["heartbeat_port = 539", "keepalive = \(plan.keepalive)", "deadtime = \(plan.deadtime)"]
            if let keyFile { lines.append("heartbeat_key_file = \(keyFile)") }
        }
        switch plan.forwarding {
        case .nat:
            lines += ["network = nat", "nat_router = \(LabPlan.natRouter) eth2:1", "nat_nmask = 255.255.255.0"]
        case .direct:
            lines.append("network = direct")
        }
        if plan.syncDaemon {
            lines += ["syncdaemon = 1", "syncd_iface = eth1", "syncd_id = 7"]
        }
        for service in plan.services {
            lines += [""] + block(service)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// pulse as a VRRP router beside keepalived: keepalived's virtual router, version, interval and
    /// priorities (``KeepalivedConfigFile``). The keys of pulse's own heartbeat (port, keepalive,
    /// deadtime, key) mean nothing then and are refused, so they are left out.
    private var vrrp: [String] {
        [
            "heartbeat_protocol = vrrp",
            "vrrp_id = \(KeepalivedConfigFile.virtualRouterID)",
            "vrrp_version = 3",
            "vrrp_advert_interval = \(plan.advertIntervalCentiseconds)",
            "vrrp_primary_priority = \(KeepalivedConfigFile.defaultPriority(of: .primary))",
            "vrrp_backup_priority = \(KeepalivedConfigFile.defaultPriority(of: .backup))",
        ]
    }

    private func block(_ service: LabService) -> [String] {
        var lines = [
            "virtual \(service.name) {",
            "    active = 1",
            "    address = \(service.vip) \(service.device)",
            "    vip_nmask = 255.255.255.0",
            "    protocol = tcp",
            "    port = \(service.port)",
        ]
        if let mark = service.firewallMark { lines.append("    fwmark = \(mark)") }
        lines.append("    scheduler = \(service.scheduler)")
        if let persistent = service.persistent { lines.append("    persistent = \(persistent)") }
        lines += ["    timeout = \(plan.checkInterval)", "    reentry = \(plan.reentry)"]
        for member in service.members {
            lines += [
                "    server \(member.server) {",
                "        address = \(plan.address(of: member.server))",
                "        active = \(member.active ? 1 : 0)",
                "        weight = \(member.weight)",
                "    }",
            ]
        }
        lines.append("}")
        return lines
    }
}
