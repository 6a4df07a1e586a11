import Interfaces

/// What a reload (SIGHUP, `lvsctl reload`) changes in a running pulse: the settings it can apply
/// at once, and those that need a restart. Pure: running settings and freshly loaded ones in,
/// a plan out.
///
/// Applied live: the VIP set (VIPs and `nat_router`), `keepalive`, `deadtime`, `garp_count`,
/// `garp_interval`, `active_cmd`, `inactive_cmd`, the sync daemon, `monitor_links` and the config
/// serial, and in a cluster the BGP settings (BIRD's file is rewritten). Only a restart changes
/// `cluster_mode`, the role, the directors' addresses, `heartbeat_port`,
/// `heartbeat_protocol`, `heartbeat_key_file` and the `vrrp_*` keys: they define the heartbeat sockets and the peer's
/// identity, and changing them on one side alone would cut the two directors apart. Neither does
/// `warm_standby`, which decides where lvsd runs.
public struct PulseReloadPlan: Hashable, Sendable {
    /// The settings to run with from now on: the loaded ones, with the restart-only settings kept
    /// as they run.
    public let settings: PulseSettings
    /// VIPs to take down (when active) because the file no longer has them, or has them differently.
    public let removedAddresses: [VirtualAddress]
    /// VIPs to bring up (when active).
    public let addedAddresses: [VirtualAddress]
    /// What changes now, one sentence each.
    public let applied: [String]
    /// What the file changes but only a restart applies, one sentence each.
    public let needsRestart: [String]

    /// The plan for going from `running` to `loaded`.
    public init(running: PulseSettings, loaded: PulseSettings) {
        var next = loaded
        var applied: [String] = []
        var restart: [String] = []
        func keep<Value: Equatable>(
            _ path: WritableKeyPath<PulseSettings, Value>, _ what: String, _ text: (Value) -> String
        ) {
            guard running[keyPath: path] != loaded[keyPath: path] else { return }
            restart.append("\(what): \(text(running[keyPath: path])) -> \(text(loaded[keyPath: path]))")
            next[keyPath: path] = running[keyPath: path]
        }
        func describe(_ address: (some CustomStringConvertible)?) -> String { address.map(\.description) ?? "none" }
        keep(\.role, "role", \.description)
        keep(\.localAddress, "this director's address", \.description)
        keep(\.localPrivateAddress, "this director's private address", describe)
        keep(\.peer, "the peer's addresses", describe)
        keep(\.port, "heartbeat_port", \.description)
        keep(\.wireProtocol, "heartbeat_protocol", \.description)
        keep(\.keyFile, "heartbeat_key_file", describe)
        keep(\.warmStandby, "warm_standby", { $0 ? "1" : "0" })
        keep(\.runsFailoverServices, "service", { $0 ? "fos" : "lvs" })
        keep(\.vrrp, "the VRRP settings", { $0.map(\.summary) ?? "none (pulse's heartbeats)" })

        // Sets: a reload of 10,000 VIPs stays linear.
        let runningSet = Set(running.virtualAddresses), loadedSet = Set(loaded.virtualAddresses)
        let removed = running.virtualAddresses.filter { !loadedSet.contains($0) }
        let added = loaded.virtualAddresses.filter { !runningSet.contains($0) }
        if !removed.isEmpty { applied.append("VIPs removed: \(removed.map(\.description).joined(separator: ", "))") }
        if !added.isEmpty { applied.append("VIPs added: \(added.map(\.description).joined(separator: ", "))") }
        if running.keepalive != loaded.keepalive || running.deadtime != loaded.deadtime {
            applied.append(
                "keepalive \(running.keepalive) -> \(loaded.keepalive), deadtime \(running.deadtime) -> \(loaded.deadtime)"
            )
        }
        if running.gratuitousARP != loaded.gratuitousARP {
            applied.append(
                "gratuitous ARPs: \(loaded.gratuitousARP.count) every \(loaded.gratuitousARP.interval) (were "
                    + "\(running.gratuitousARP.count) every \(running.gratuitousARP.interval))")
        }
        if running.activeCommand != loaded.activeCommand {
            applied.append("active_cmd: \(Self.text(loaded.activeCommand))")
        }
        if running.inactiveCommand != loaded.inactiveCommand {
            applied.append("inactive_cmd: \(Self.text(loaded.inactiveCommand))")
        }
        if running.syncDaemon != loaded.syncDaemon {
            applied.append(
                "sync daemon: \(loaded.syncDaemon.map { "on \($0.interface), syncid \($0.syncID)" } ?? "off")")
        }
        if running.monitorLinks != loaded.monitorLinks {
            applied.append("monitor_links: \(loaded.monitorLinks ? "on" : "off")")
        }
        if (running.cluster == nil) != (loaded.cluster == nil) {
            restart.append(
                "cluster_mode: \(running.cluster == nil ? "pair" : "bgp") -> \(loaded.cluster == nil ? "pair" : "bgp")")
            next.cluster = running.cluster
        } else if let was = running.cluster, let now = loaded.cluster, was != now {
            applied.append("BGP settings for BIRD: \(now.sessions.summary)")
        }
        settings = next
        removedAddresses = removed
        addedAddresses = added
        self.applied = applied
        needsRestart = restart
    }

    /// Whether the file changes nothing pulse runs with (its config serial aside).
    public var changesNothing: Bool { applied.isEmpty && needsRestart.isEmpty }

    private static func text(_ command: [String]?) -> String {
        command.map { $0.joined(separator: " ") } ?? "none"
    }
}
