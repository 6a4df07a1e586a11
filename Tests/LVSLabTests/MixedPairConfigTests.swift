import Addressing
import Foundation
import LVSConfig
import LVSLab
import Pulse
import Testing

/// The mixed pair's files: pulse's lvs.cf with `heartbeat_protocol = vrrp`, accepted as it is, and
/// keepalived's keepalived.conf describing the same virtual router with the same addresses.
struct MixedPairConfigTests {
    private func mixedPlan() -> LabPlan {
        var plan = LabPlan.demo(tag: "bfm")
        plan.daemon = .pulseWithKeepalived
        plan.keepalive = "0.5"
        plan.deadtime = "1.5"
        return plan
    }

    private func parse(_ plan: LabPlan) -> LVSConfigParseResult {
        LVSConfigParser().parse(LabConfigFile(plan: plan, keyFile: "/tmp/lab/heartbeat.key").text, file: "lab.cf")
    }

    @Test func pulseSpeaksVRRPOnThePrimaryAndKeepalivedRunsOnTheBackup() {
        #expect(LabDaemon(rawValue: "pulse+keepalived") == .pulseWithKeepalived)
        #expect(LabDaemon.pulseWithKeepalived.program(on: .primary) == .pulse)
        #expect(LabDaemon.pulseWithKeepalived.program(on: .backup) == .keepalived)
        #expect(LabDirectorRole.allCases.allSatisfy { LabDaemon.pulse.program(on: $0) == .pulse })
        #expect(LabDirectorRole.allCases.allSatisfy { LabDaemon.keepalived.program(on: $0) == .keepalived })
        #expect(LabDaemon.allCases.filter(\.pulseSpeaksVRRP) == [.pulseWithKeepalived])
    }

    @Test func theMixedLVSCFHasTheVRRPKeysAndNoneOfTheHeartbeats() {
        var plan = mixedPlan()
        // Even when the plan asks for a key: VRRP carries none, and the validator refuses the line.
        plan.heartbeatKey = true
        let text = LabConfigFile(plan: plan, keyFile: "/tmp/lab/heartbeat.key").text
        let lines = text.split(separator: "\n").map(String.init)
        for expected in [
            "heartbeat_protocol = vrrp", "vrrp_id = 51", "vrrp_version = 3", "vrrp_advert_interval = 50",
            "vrrp_primary_priority = 150", "vrrp_backup_priority = 100",
        ] {
            #expect(lines.contains(expected), "no line '\(expected)'")
        }
        for refused in ["keepalive", "deadtime", "heartbeat_port", "heartbeat_key_file", "warm_standby"] {
            #expect(!lines.contains { $0.hasPrefix(refused + " ") }, "a \(refused) line in\n\(text)")
        }
    }

    @Test func theMixedLVSCFParsesCleanAndThePrimaryIsKeepalivedsPeer() throws {
        let result = parse(mixedPlan())
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let config = result.config
        #expect(config.heartbeat.wireProtocol == .vrrp)
        #expect(config.vrrp.virtualRouterID == UInt8(KeepalivedConfigFile.virtualRouterID))
        #expect(config.vrrp.version == .v3)
        #expect(config.vrrp.advertInterval == 50)
        #expect(config.vrrp.unicastPeers.isEmpty, "multicast, as keepalived")
        #expect(config.warmStandby)
        let primary = try PulseSettings(config: config, role: .primary)
        let router = try #require(primary.vrrp)
        #expect(Int(router.priority) == KeepalivedConfigFile.defaultPriority(of: .primary))
        #expect(router.version.rawValue == 3)
        #expect(Int(router.virtualRouterID) == KeepalivedConfigFile.virtualRouterID)
        #expect(router.advertIntervalCentiseconds == 50)
        #expect(primary.localAddress == IPAddress(LabDirectorRole.primary.publicAddress))
    }

    @Test func pulseAndKeepalivedCarryTheSameAddresses() throws {
        let plan = mixedPlan()
        let primary = try PulseSettings(config: parse(plan).config, role: .primary)
        let keepalived = KeepalivedConfigFile(
            plan: plan, role: .backup, priority: KeepalivedConfigFile.defaultPriority(of: .backup)
        ).text
        let lines = keepalived.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        // `10.0.0.100/24 dev eth0 label eth0:1` inside virtual_ipaddress.
        let carried = lines.filter { $0.contains("/24 dev ") }.compactMap {
            $0.split(separator: "/").first.flatMap { IPAddress(String($0)) }
        }
        #expect(carried.count == primary.vrrpAddresses.count, "\(carried) against \(primary.vrrpAddresses)")
        #expect(Set(carried) == Set(primary.vrrpAddresses))
        #expect(Set(carried.map(\.description)) == Set(LabPlan.vips + [LabPlan.natRouter]))
        for expected in ["virtual_router_id 51", "priority 100", "advert_int 0.5", "vrrp_version 3"] {
            #expect(lines.contains(expected), "no line '\(expected)' in keepalived.conf")
        }
    }
}
