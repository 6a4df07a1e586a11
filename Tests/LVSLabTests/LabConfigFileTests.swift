import LVSConfig
import LVSLab
import Testing

/// The lab's lvs.cf must be a file the suite accepts as it is: no error, no warning, and the
/// model it parses to is the plan.
struct LabConfigFileTests {
    private func parse(_ plan: LabPlan) -> LVSConfigParseResult {
        LVSConfigParser().parse(LabConfigFile(plan: plan, keyFile: "/tmp/lab/heartbeat.key").text, file: "lab.cf")
    }

    @Test func theDemoFileParsesCleanAndIsThePlan() {
        let result = parse(.demo())
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let config = result.config
        #expect("\(config.primary.publicAddress.map { "\($0)" } ?? "-")" == "10.0.0.1")
        #expect("\(config.backup.publicAddress.map { "\($0)" } ?? "-")" == "10.0.0.2")
        #expect(config.backupActive)
        #expect(config.network == .nat)
        #expect(config.natRouter.map { "\($0.address) \($0.device)" } == "10.0.1.254 eth2:1")
        #expect(config.heartbeat.keyFile == "/tmp/lab/heartbeat.key")
        #expect(config.virtualServices.map(\.name) == ["web", "app"])
        #expect(config.virtualServices.map(\.scheduler) == [.rr, .wlc])
        #expect(config.virtualServices.map { $0.persistence?.timeout } == [nil, 60])
        #expect(config.virtualServices[1].vip.map { "\($0.address) \($0.device)" } == "10.0.0.101 eth0:2")
        let servers = config.virtualServices[0].servers
        #expect(servers.map(\.name) == ["rs1", "rs2", "rs3"])
        #expect(servers.map { $0.address.map { "\($0)" } ?? "-" } == ["10.0.1.11", "10.0.1.12", "10.0.1.13"])
        #expect(servers.allSatisfy { $0.active && $0.weight == 1 && $0.port == 80 })
    }

    @Test func directRoutingWithAFirewallMarkAndOneDirector() {
        var plan = LabPlan(
            tag: "dr", forwarding: .direct, hasBackup: false,
            services: [
                LabService(name: "web", vip: "10.0.0.100", device: "eth0:1", members: [.init("rs1"), .init("rs2")]),
                LabService(
                    name: "marked", vip: "10.0.0.101", device: "eth0:2", firewallMark: 5,
                    members: [.init("rs1", weight: 3), .init("rs2", active: false)]),
            ])
        plan.heartbeatKey = false
        let result = parse(plan)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.config.network == .direct)
        #expect(!result.config.backupActive)
        #expect(result.config.natRouter == nil)
        #expect(result.config.heartbeat.keyFile == nil)
        #expect(result.config.virtualServices[1].firewallMark == 5)
        #expect(result.config.virtualServices[1].servers.map(\.weight) == [3, 1])
        #expect(result.config.virtualServices[1].servers.map(\.active) == [true, false])
        #expect(
            result.config.virtualServices[0].servers.map { $0.address.map { "\($0)" } ?? "-" } == [
                "10.0.0.11", "10.0.0.12",
            ])
    }

    @Test func theSyncDaemonRunsOnThePrivateNetwork() {
        var plan = LabPlan.demo(tag: "sync")
        plan.syncDaemon = true
        plan.echoServers = true
        plan.services.append(
            LabService(name: "echo", vip: LabPlan.vips[0], device: "eth0:1", port: 7, members: [.init("rs1")]))
        let result = parse(plan)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.config.syncDaemon.enabled)
        #expect(result.config.syncDaemon.interface == "eth1")
        #expect(result.config.syncDaemon.syncID == 7)
        #expect(result.config.virtualServices.last?.port == 7)
    }

    @Test func fractionalHeartbeatTimingsAreWrittenAsGiven() {
        var plan = LabPlan.demo()
        plan.keepalive = "0.25"
        plan.deadtime = "1.5"
        let result = parse(plan)
        #expect(result.diagnostics.isEmpty)
        #expect(result.config.heartbeat.keepalive == .milliseconds(250))
        #expect(result.config.heartbeat.deadtime == .milliseconds(1500))
        #expect(plan.deadtimeDuration == .milliseconds(1500))
    }
}
