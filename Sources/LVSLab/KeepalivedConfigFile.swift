/// The keepalived.conf equivalent to the lab's lvs.cf, for one director: VRRPv3 on the public
/// network with the VIPs and `nat_router` as its addresses, an advert every `keepalive` (what
/// pulse's heartbeat interval is), and one `virtual_server` per service with the same scheduler,
/// persistence and real servers, each checked with `HTTP_GET` every `timeout` seconds as nanny
/// checks them. Both directors start as BACKUP and the higher priority wins (keepalived's
/// default preemption applies). Pure.
public struct KeepalivedConfigFile: Sendable {
    /// The plan it describes.
    public let plan: LabPlan
    /// Which director's file.
    public let role: LabDirectorRole
    /// Its VRRP priority (1-254).
    public let priority: Int

    /// The virtual router id of the lab's instance.
    public static let virtualRouterID = 51

    /// The file for `role`, with `priority`.
    public init(plan: LabPlan, role: LabDirectorRole, priority: Int) {
        self.plan = plan
        self.role = role
        self.priority = priority
    }

    /// The default priorities: the primary wins.
    public static func defaultPriority(of role: LabDirectorRole) -> Int { role == .primary ? 150 : 100 }

    /// The file's text.
    public var text: String {
        var lines = [
            "# keepalived.conf of the lvslab \(plan.tag) lab, \(role) director (the same setup as its lvs.cf)",
            "global_defs {",
            "    router_id lvslab-\(role)",
            "    vrrp_version 3",
            "}",
            "",
            "vrrp_instance lvslab {",
            "    state BACKUP",
            "    interface eth0",
            "    virtual_router_id \(Self.virtualRouterID)",
            "    priority \(priority)",
            "    advert_int \(plan.keepalive)",
            "    virtual_ipaddress {",
        ]
        var seen: Set<String> = []
        for service in plan.services where seen.insert(service.vip).inserted {
            let device = service.device.split(separator: ":").first.map(String.init) ?? service.device
            lines.append("        \(service.vip)/24 dev \(device) label \(service.device)")
        }
        if plan.forwarding == .nat {
            lines.append("        \(LabPlan.natRouter)/24 dev eth2 label eth2:1")
        }
        lines += ["    }", "}"]
        for service in plan.services {
            lines += [""] + block(service)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func block(_ service: LabService) -> [String] {
        var lines = [
            "virtual_server \(service.vip) \(service.port) {",
            "    delay_loop \(plan.checkInterval)",
            "    lb_algo \(service.scheduler)",
            "    lb_kind \(plan.forwarding == .nat ? "NAT" : "DR")",
            "    protocol TCP",
        ]
        if let persistent = service.persistent { lines.append("    persistence_timeout \(persistent)") }
        for member in service.members where member.active {
            lines += [
                "    real_server \(plan.address(of: member.server)) \(service.port) {",
                "        weight \(member.weight)",
                "        HTTP_GET {",
                "            url {",
                "                path /",
                "                status_code 200",
                "            }",
                "            connect_timeout \(plan.checkInterval)",
                "            retry 0",
                "        }",
                "    }",
            ]
        }
        lines.append("}")
        return lines
    }
}
