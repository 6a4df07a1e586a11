import IPVS
import LVSConfig

extension Director {
    /// SIGHUP with a valid lvs.cf: applies the difference. New services and real servers come
    /// in (their nannies are started), removed ones go (their nannies are stopped; their
    /// services are deleted at the next reconcile), changed scheduler, persistence, forwarding
    /// and weights are edited in place at the next reconcile, and a nanny is restarted only when
    /// its check settings changed. Everything unchanged keeps its health; a drain ends only
    /// where the reload changes that real server.
    public mutating func reload(_ configuration: LVSConfig, at now: ContinuousClock.Instant) -> [DirectorAction] {
        let old = desired
        let new = DesiredTable(configuration: configuration)
        var actions: [DirectorAction] = []

        if old.timeouts != new.timeouts {
            let text = new.timeouts.map { "set to \($0)" } ?? "no longer set (the kernel's values stay)"
            actions.append(.log(.notice, "reload: IPVS timeouts \(text)"))
        }
        for service in new.services {
            guard let before = old.service(service.identity) else {
                actions.append(.log(.notice, "reload: \(Self.label(service)) is new; adding it"))
                continue
            }
            for change in Self.changes(from: before, to: service) {
                actions.append(.log(.notice, "reload: \(Self.label(service)): \(change)"))
            }
        }
        for service in old.services where new.service(service.identity) == nil {
            actions.append(.log(.notice, "reload: \(Self.label(service)) is gone from lvs.cf or inactive; deleting it"))
        }

        var newKeys: Set<RealServerKey> = []
        var starts: [DirectorAction] = []
        for service in new.services {
            for server in service.servers {
                let key = RealServerKey(service: service.identity, server: server.identity)
                newKeys.insert(key)
                let launch = NannyLaunch(
                    server: server, of: service, configuration: configuration, settings: launchSettings)
                let name = "\(server.name) (\(server.identity)) of \(Self.label(service))"
                guard var record = records[key], let running = launches[key] else {
                    setRecord(RealServerRecord(since: now, nannyWeight: launch.weight), launch: launch, for: key)
                    actions.append(.log(.notice, "reload: real server \(name) is new; starting its nanny"))
                    starts.append(.startNanny(key, launch))
                    continue
                }
                let before = old.service(key.service)?.server(key.server)
                if before != server {
                    if let before, before.weight != server.weight {
                        actions.append(
                            .log(
                                .notice,
                                "reload: weight of real server \(name) changed from \(before.weight) to \(server.weight)"
                            ))
                    }
                    if record.drained {
                        record.drained = false
                        actions.append(.log(.notice, "reload: real server \(name) changed; its drain by hand ends"))
                    }
                }
                setRecord(record, launch: launch, for: key)
                if running.checkIdentity != launch.checkIdentity {
                    actions.append(
                        .log(.notice, "reload: check settings of real server \(name) changed; restarting its nanny"))
                    starts.append(.restartNanny(key, launch))
                }
            }
        }
        for key in records.keys.sorted() where !newKeys.contains(key) {
            let name =
                old.service(key.service).flatMap { service in
                    service.server(key.server).map { "\($0.name) (\(key.server)) of \(Self.label(service))" }
                } ?? key.description
            actions.append(
                .log(.notice, "reload: real server \(name) is gone from lvs.cf or inactive; stopping its nanny"))
            starts.append(.stopNanny(key))
            setRecord(nil, launch: nil, for: key)
        }

        replaceConfiguration(configuration, desired: new)
        return actions + starts + [.reconcile]
    }

    /// What differs between two versions of one service, in words.
    static func changes(from before: DesiredService, to after: DesiredService) -> [String] {
        var changes: [String] = []
        if before.name != after.name { changes.append("renamed from \(before.name)") }
        let (a, b) = (before.service, after.service)
        if a.scheduler != b.scheduler { changes.append("scheduler \(a.scheduler) -> \(b.scheduler) (edited in place)") }
        if a.flags != b.flags || a.persistenceTimeout != b.persistenceTimeout || a.netmask != b.netmask {
            changes.append("persistence \(persistenceText(a)) -> \(persistenceText(b)) (edited in place)")
        }
        if before.forwarding != after.forwarding {
            changes.append(
                "forwarding \(forwardingText(before.forwarding)) -> \(forwardingText(after.forwarding)) (real servers edited in place)"
            )
        }
        if before.quiesce != after.quiesce {
            changes.append("quiesce_server \(before.quiesce ? 1 : 0) -> \(after.quiesce ? 1 : 0)")
        }
        if before.sorryServer?.identity != after.sorryServer?.identity {
            let text = { (d: IPVSDestination?) in d.map { "\($0.identity)" } ?? "none" }
            changes.append("sorry server \(text(before.sorryServer)) -> \(text(after.sorryServer))")
        }
        return changes
    }

    /// `none`, `300 s`, `300 s mask 255.255.255.0`.
    static func persistenceText(_ service: IPVSService) -> String {
        guard service.isPersistent else { return "none" }
        return service.netmask.isDefault
            ? "\(service.persistenceTimeout) s" : "\(service.persistenceTimeout) s mask \(service.netmask)"
    }
}
