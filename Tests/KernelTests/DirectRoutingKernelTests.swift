import LVSLab
import LVSTestKit
import Testing

/// Direct routing end to end: real servers beside the director with the VIPs on `lo` and ARP for
/// them suppressed, a TCP service and a firewall-mark service, each carrying real requests from
/// the client; pulse and lvsd do the rest.
@Suite(.kernelLayer, .serialized)
struct DirectRoutingKernelTests {
    static let plan = LabPlan(
        tag: "kdr", forwarding: .direct, hasBackup: false,
        services: [
            LabService(
                name: "web", vip: LabPlan.vips[0], device: "eth0:1", members: ["rs1", "rs2", "rs3"].map { .init($0) }),
            // Packets to 10.0.0.101:80 are marked 1 as they enter the director (tc, as a firewall would).
            LabService(
                name: "marked", vip: LabPlan.vips[1], device: "eth0:2", firewallMark: 1,
                members: ["rs1", "rs2", "rs3"].map { .init($0) }),
        ])

    @Test func aDirectRoutedServiceAndAFirewallMarkServiceCarryRequests() throws {
        let lab = try Lab(plan: Self.plan)
        defer { lab.tearDown() }
        try lab.startDirectors()
        let serving = try lab.waitUntilServing(.primary, timeout: .seconds(60))
        print("direct-routing kernel figure: one director serving after \(serving.labText)")

        let everyone = Self.plan.realServers
        for service in Self.plan.services {
            let entry = try #require(try lab.director(.primary).tableEntry(of: service, plan: Self.plan))
            #expect(entry.scheduler == "rr")
            #expect(
                entry.members.map(\.forwarding) == ["Route", "Route", "Route"], "\(service.name): \(entry.members)")
            let answers = try lab.client.servers(answering: service.vip, count: 3 * everyone.count)
            #expect(RequestSpread.isRoundRobin(answers, over: everyone), "\(service.name): \(answers)")
        }

        // Direct return: the director forwarded the requests and saw no packet of the answers.
        for service in Self.plan.services {
            var entry: LabTableEntry?
            try lab.wait("\(service.name)'s counters", timeout: .seconds(10)) {
                entry = try? lab.director(.primary).tableEntry(of: service, plan: Self.plan)
                return (entry?.connections ?? 0) >= UInt64(3 * everyone.count)
                    ? nil : "\(entry?.connections ?? 0) connections counted"
            }
            #expect(
                (entry?.incomingPackets ?? 0) >= UInt64(3 * 3 * everyone.count),
                "\(service.name): \(String(describing: entry))")
            #expect(entry?.outgoingPackets == 0, "\(service.name): \(String(describing: entry))")
        }

        // ARP suppression: the client reached the VIPs through the director's MAC, though every
        // real server holds them too; the real servers answered it straight, not through the director.
        let directorMAC = try mac(of: "eth0", in: lab.network["primary"].name)
        for vip in LabPlan.vips {
            let neighbour = try TestProcess.run(
                "ip", ["-n", lab.network["client"].name, "neigh", "show", vip], timeout: .seconds(10))
            #expect(
                neighbour.output.contains("lladdr \(directorMAC)"),
                "client's neighbour entry for \(vip): \(neighbour.output)")
        }
        for server in everyone {
            let loopback = try TestProcess.run(
                "ip", ["-n", lab.network[server].name, "-o", "addr", "show", "dev", "lo"], timeout: .seconds(10))
            for vip in LabPlan.vips { #expect(loopback.output.contains("\(vip)/32"), "\(server): \(loopback.output)") }
            let routes = try TestProcess.run(
                "ip", ["-n", lab.network[server].name, "route", "show", "default"], timeout: .seconds(10))
            #expect(routes.output.isEmpty, "\(server) has a default route: \(routes.output)")
        }

        // A stopped real server leaves both services; the others carry the traffic.
        lab.server("rs2").stopHTTP()
        try lab.wait("rs2 out of both services", timeout: .seconds(15)) {
            for service in Self.plan.services {
                let members = try? lab.director(.primary).tableMembers(of: service, plan: Self.plan)
                if members != ["rs1", "rs3"] { return "\(service.name): \(members ?? [])" }
            }
            return nil
        }
        for service in Self.plan.services {
            let answers = try lab.client.servers(answering: service.vip, count: 4)
            #expect(
                RequestSpread.isRoundRobin(answers, over: ["rs1", "rs3"]), "\(service.name) without rs2: \(answers)")
        }
        #expect(try lab.director(.primary).stop()?.exitCode == 0)
    }

    private func mac(of interface: String, in namespace: String) throws -> String {
        let output = try TestProcess.run(
            "ip", ["-n", namespace, "-o", "link", "show", "dev", interface], timeout: .seconds(10)
        ).output
        let fields = output.split(separator: " ")
        guard let index = fields.firstIndex(of: "link/ether"), index + 1 < fields.count else {
            throw LabError("no MAC address for \(interface) in \(namespace): \(output)")
        }
        return String(fields[index + 1])
    }
}
