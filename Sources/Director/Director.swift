import Addressing
import HealthCheck
import IPVS
import LVSConfig
import Logging

/// lvsd's decisions, pure: lvs.cf, the kernel's table as found at start, nanny reports, reloads
/// and the administrator's drains in; log lines, nanny starts and stops, and "reconcile" out.
/// ``target()`` says what the kernel's table should hold at any moment.
///
/// - A real server the nanny reports up is in the table with the nanny's weight (slow start);
///   one reported down is removed, or kept at weight 0 with `quiesce_server = 1` if it had been
///   in the table.
/// - The sorry server is in the table exactly while no real server of its service is available
///   (up, or adopted and not yet reported, with a weight above 0).
/// - Adoption: a destination found in the kernel at start for an active real server is kept as
///   it is until its nanny reports; slow start never cuts the weight it was serving at.
/// - A drained server is held at weight 0 until enabled, or until a reload changes it.
/// - Ownership: lvsd owns the services lvs.cf names, now or before (``ownedServices``); it never
///   touches any other service.
public struct Director: Sendable {
    /// The configuration in force.
    public private(set) var configuration: LVSConfig
    /// What the configuration asks of IPVS.
    public private(set) var desired: DesiredTable
    /// One health record per active real server.
    public private(set) var records: [RealServerKey: RealServerRecord]
    /// How each active real server's nanny is run.
    public private(set) var launches: [RealServerKey: NannyLaunch]
    /// The services lvsd may change and delete: those lvs.cf names, and those it named before
    /// (until they are gone from the kernel).
    public private(set) var ownedServices: Set<IPVSServiceIdentity>
    /// How nannies are run.
    public let launchSettings: NannyLaunchSettings

    /// A director for `configuration`, with unknown health for every active real server since
    /// `now`. `previouslyOwned` are services an earlier lvsd owned (from `/run/lvsd/`).
    public init(
        configuration: LVSConfig, launchSettings: NannyLaunchSettings = NannyLaunchSettings(),
        previouslyOwned: Set<IPVSServiceIdentity> = [], at now: ContinuousClock.Instant
    ) {
        self.configuration = configuration
        self.launchSettings = launchSettings
        desired = DesiredTable(configuration: configuration)
        records = [:]
        launches = [:]
        ownedServices = previouslyOwned.union(desired.identities)
        for service in desired.services {
            for server in service.servers {
                let key = RealServerKey(service: service.identity, server: server.identity)
                let launch = NannyLaunch(
                    server: server, of: service, configuration: configuration, settings: launchSettings)
                launches[key] = launch
                records[key] = RealServerRecord(since: now, nannyWeight: launch.weight)
            }
        }
    }

    /// Every active real server, in a stable order.
    public var keys: [RealServerKey] { records.keys.sorted() }

    /// How many active real servers lvsd cannot vouch for yet: no report from their nanny, and not
    /// found in the kernel's table at start (those an earlier lvsd's checks put there serve as
    /// they are until their nanny reports). Zero means the table is ready to serve.
    public var awaitingFirstCheck: Int {
        records.values.count { record in
            if case .unknown = record.health { record.adopted == nil } else { false }
        }
    }

    // MARK: Start

    /// Start-up: adopts what the kernel already holds for the active real servers (`actual`),
    /// and asks for every nanny to be started and for a first reconcile.
    public mutating func start(adopting actual: IPVSSnapshot) -> [DirectorAction] {
        var actions: [DirectorAction] = []
        for service in desired.services {
            guard let entry = actual.entry(service.identity) else { continue }
            actions.append(.log(.info, "found \(Self.label(service)) in the kernel's table; adopting it"))
            for destination in entry.destinations ?? [] {
                let key = RealServerKey(service: service.identity, server: destination.identity)
                guard var record = records[key] else { continue }
                record.adopted = destination.configuration
                record.carriedWeight = Int(destination.weight)
                record.hasBeenInTable = true
                records[key] = record
                actions.append(
                    .log(
                        .info,
                        "adopting \(label(key)) at weight \(destination.weight); kept as it is until its nanny reports")
                )
            }
        }
        for identity in ownedServices.subtracting(desired.identities).sorted(by: { $0.description < $1.description })
        where actual.entry(identity) != nil {
            actions.append(
                .log(
                    .notice, "service \(identity) was set up by an earlier lvsd and is no longer in lvs.cf; deleting it"
                ))
        }
        for key in keys {
            if let launch = launches[key] { actions.append(.startNanny(key, launch)) }
        }
        actions.append(.reconcile)
        return actions
    }

    // MARK: Reports

    /// A report from the nanny of `key`, received at `now`.
    public mutating func receive(_ report: NannyReport, from key: RealServerKey, at now: ContinuousClock.Instant)
        -> [DirectorAction]
    {
        guard var record = records[key], let service = desired.service(key.service),
            let server = service.server(key.server)
        else {
            return [.log(.debug, "ignoring a report about \(key): lvsd no longer watches it")]
        }
        var actions: [DirectorAction] = []
        switch report {
        case .up(let weight, let reason):
            let wasUp = record.isUp
            record.health = .up(reportedWeight: weight)
            if !wasUp { record.since = now }
            record.adopted = nil
            record.hasBeenInTable = true
            Self.settleCarriedWeight(&record, configured: server.weight)
            let serving = Self.servingWeight(record, configured: server.weight) ?? 0
            let what =
                record.drained
                ? "held at weight 0 (drained by hand)" : "serving at weight \(serving) of \(server.weight)"
            actions.append(.log(.notice, "\(label(key)) is up (\(reason)); \(what)"))
            actions.append(.reconcile)
        case .weight(let weight):
            guard record.isUp else {
                actions.append(.log(.debug, "ignoring a weight report about \(label(key)): it is not up"))
                break
            }
            let before = Self.servingWeight(record, configured: server.weight)
            record.health = .up(reportedWeight: weight)
            Self.settleCarriedWeight(&record, configured: server.weight)
            let after = Self.servingWeight(record, configured: server.weight)
            if before != after, let after {
                let text =
                    max(before ?? 0, after) > server.weight
                    ? "load: weight of \(label(key)) now \(after) (configured \(server.weight))"
                    : "slow start: weight of \(label(key)) now \(after) of \(server.weight)"
                actions.append(.log(.info, "\(text)"))
                actions.append(.reconcile)
            }
        case .down(let reason):
            let wasDown: Bool
            if case .down = record.health { wasDown = true } else { wasDown = false }
            let wasServing = !wasDown && Self.destination(record, server: server, of: service) != nil
            record.health = .down(reason: reason)
            if !wasDown { record.since = now }
            record.adopted = nil
            record.carriedWeight = nil
            let quiesced = service.quiesce && record.hasBeenInTable
            let what =
                switch (wasServing, quiesced) {
                case (true, true): "quiescing it to weight 0"
                case (true, false): "taking it out of the table"
                case (false, true): "it stays at weight 0"
                case (false, false): "it stays out of the table"
                }
            actions.append(.log(.warning, "\(label(key)) is down (\(reason)); \(what)"))
            actions.append(.reconcile)
        case .check(let result):
            record.lastCheck = RealServerRecord.LastCheck(result: result, at: now)
        case .checkDuration(let duration):
            record.lastCheck?.duration = duration
        case .mode(let mode):
            if record.mode != mode {
                actions.append(.log(.notice, "\(label(key)): nanny override is now \(mode.rawValue.lowercased())"))
            }
            record.mode = mode
        }
        records[key] = record
        return actions
    }

    // MARK: Nannies

    /// The nanny of `key` is about to be started again (it died, or its settings changed): the
    /// new one starts unknown and ramps up from a low weight, so the weight the server serves at
    /// now is carried until the new nanny's weight reaches it.
    public mutating func nannyRestarting(_ key: RealServerKey) {
        guard var record = records[key], let launch = launches[key] else { return }
        let configured = desired.service(key.service)?.server(key.server)?.weight ?? launch.weight
        if let serving = Self.servingWeight(record, configured: configured) {
            record.carriedWeight = serving
        }
        record.nannyWeight = launch.weight
        record.mode = .checking
        records[key] = record
    }

    /// The nanny of `key` could not be kept running (`hard_shutdown = 0`): without checks the
    /// server is treated as down.
    public mutating func nannyAbandoned(_ key: RealServerKey, reason: String, at now: ContinuousClock.Instant)
        -> [DirectorAction]
    {
        guard var record = records[key] else { return [] }
        if case .down = record.health {} else { record.since = now }
        record.health = .down(reason: "no health check: \(reason)")
        record.adopted = nil
        record.carriedWeight = nil
        records[key] = record
        return [
            .log(
                .error,
                "\(label(key)) has no running health check (\(reason)); treating it as down. Manual action is needed."),
            .reconcile,
        ]
    }

    // MARK: Drain and enable

    /// Holds every active real server at `address` (and `port`, if given) at weight 0; existing
    /// connections continue. Returns what was done, for the administrator.
    public mutating func drain(address: IPAddress, port: UInt16?) throws(DirectorRequestError) -> (
        message: String, actions: [DirectorAction]
    ) {
        let matched = try matching(address: address, port: port, operation: "draining")
        var actions: [DirectorAction] = []
        var names: [String] = []
        for key in matched {
            names.append(label(key))
            if records[key]?.drained == true { continue }
            records[key]?.drained = true
            actions.append(.log(.notice, "\(label(key)) drained by hand: weight 0, existing connections continue"))
        }
        actions.append(.reconcile)
        return ("drained " + names.joined(separator: ", "), actions)
    }

    /// Ends a drain: the servers get their weight back from their health.
    public mutating func enable(address: IPAddress, port: UInt16?) throws(DirectorRequestError) -> (
        message: String, actions: [DirectorAction]
    ) {
        let matched = try matching(address: address, port: port, operation: "enabling")
        var actions: [DirectorAction] = []
        var names: [String] = []
        for key in matched {
            guard records[key]?.drained == true else {
                names.append("\(label(key)) (was not drained)")
                continue
            }
            records[key]?.drained = false
            names.append(label(key))
            actions.append(.log(.notice, "\(label(key)) enabled by hand: drain ended"))
        }
        actions.append(.reconcile)
        return ("enabled " + names.joined(separator: ", "), actions)
    }

    private func matching(address: IPAddress, port: UInt16?, operation: String) throws(DirectorRequestError)
        -> [RealServerKey]
    {
        let matched = keys.filter { $0.server.address == address && (port == nil || $0.server.port == port) }
        let target = port.map { IPVSDestinationIdentity(address: address, port: $0).description } ?? address.description
        guard !matched.isEmpty else {
            throw DirectorRequestError(
                operation: "\(operation) \(target)",
                reason: port == nil
                    ? "no active real server has that address" : "no active real server has that address and port")
        }
        return matched
    }

    // MARK: Ownership

    /// Records what the kernel holds after a reconcile: owned services that are gone from it and
    /// that lvs.cf no longer names are forgotten. Returns whether ``ownedServices`` changed.
    @discardableResult
    public mutating func observe(_ actual: IPVSSnapshot) -> Bool {
        let owned = desired.identities.union(ownedServices.intersection(actual.identities))
        defer { ownedServices = owned }
        return owned != ownedServices
    }

    /// Forgets every service lvs.cf does not name (after a shutdown that deleted them).
    public mutating func forgetUnnamedServices() {
        ownedServices = desired.identities
    }

    // MARK: Weights

    /// The weight an up server serves at: the nanny's weight (its full weight means lvs.cf's
    /// weight now), never below a carried weight, above lvs.cf's only by a load-based weight;
    /// nil unless it is up.
    static func servingWeight(_ record: RealServerRecord, configured: Int) -> Int? {
        guard case .up(let reported) = record.health else { return nil }
        var weight = nannyOwnWeight(reported: reported, record: record, configured: configured)
        if let carried = record.carriedWeight { weight = max(weight, min(carried, configured)) }
        return weight
    }

    /// Drops a carried weight once the nanny's own weight has caught up with it.
    private static func settleCarriedWeight(_ record: inout RealServerRecord, configured: Int) {
        guard let carried = record.carriedWeight, case .up(let reported) = record.health else { return }
        let own = nannyOwnWeight(reported: reported, record: record, configured: configured)
        if own >= min(carried, configured) { record.carriedWeight = nil }
    }

    /// A nanny's reported weight in terms of lvs.cf's weight now. Below the nanny's own `-w` it
    /// is slow start, at most the configured weight. At or above it the configured weight is
    /// scaled by the same ratio, so a load-based weight (up to `-S` times `-w`) survives a reload
    /// that changed only the weight.
    static func nannyOwnWeight(reported: Int, record: RealServerRecord, configured: Int) -> Int {
        guard reported >= record.nannyWeight else { return min(reported, configured) }
        guard record.nannyWeight > 0, reported != record.nannyWeight else { return configured }
        let (product, overflow) = configured.multipliedReportingOverflow(by: reported)
        let limit = Int(Int32.max)
        return overflow ? limit : min(product / record.nannyWeight, limit)
    }

    mutating func replaceConfiguration(_ configuration: LVSConfig, desired: DesiredTable) {
        self.configuration = configuration
        self.desired = desired
        ownedServices.formUnion(desired.identities)
    }

    mutating func setRecord(_ record: RealServerRecord?, launch: NannyLaunch?, for key: RealServerKey) {
        records[key] = record
        launches[key] = launch
    }
}
