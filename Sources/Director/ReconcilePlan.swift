import IPVS

/// The operations that bring the kernel's table from `actual` to `target`, for the services
/// lvsd owns, in an order that never leaves a service without a destination it should have:
///
/// 1. the timeouts, when a configured one differs;
/// 2. per target service, in lvs.cf order: the service (added, or edited in place when its
///    scheduler, flags, persistence timeout or netmask differ, so its counters and connections
///    survive), then its destinations: additions and edits first, deletions last (so the sorry
///    server comes in before the last real server leaves, and leaves after the first returns);
/// 3. owned services that lvs.cf no longer names are deleted (with their destinations).
///
/// Entries that already match are left alone, and services outside `owned` and the target are
/// never touched.
public struct ReconcilePlan: Equatable, Sendable {
    /// The operations, in order.
    public var operations: [IPVSOperation]

    /// The plan from `actual` to `target`. `owned` are the services lvsd may delete; every
    /// target service is owned as well.
    public init(target: TargetTable, actual: IPVSSnapshot, owned: Set<IPVSServiceIdentity>) {
        var operations: [IPVSOperation] = []
        if let wanted = target.timeouts {
            let change = IPVSTimeouts(
                tcp: wanted.tcp != actual.timeouts.tcp ? wanted.tcp : 0,
                tcpFin: wanted.tcpFin != actual.timeouts.tcpFin ? wanted.tcpFin : 0,
                udp: wanted.udp != actual.timeouts.udp ? wanted.udp : 0)
            if change.tcp != 0 || change.tcpFin != 0 || change.udp != 0 { operations.append(.setTimeouts(change)) }
        }
        for wanted in target.services {
            let identity = wanted.service.identity
            let existing: [IPVSDestination]
            if let entry = actual.entry(identity) {
                if !Self.serviceMatches(entry.service, wanted.service) {
                    operations.append(.editService(wanted.service))
                }
                existing = entry.destinations ?? []
            } else {
                operations.append(.addService(wanted.service))
                existing = []
            }
            var byIdentity: [IPVSDestinationIdentity: IPVSDestination] = [:]
            for destination in existing { byIdentity[destination.identity] = destination }
            var kept: Set<IPVSDestinationIdentity> = []
            for destination in wanted.destinations {
                kept.insert(destination.identity)
                if let current = byIdentity[destination.identity] {
                    if !Self.destinationMatches(current, destination) {
                        operations.append(.editDestination(destination, service: identity))
                    }
                } else {
                    operations.append(.addDestination(destination, service: identity))
                }
            }
            for destination in existing where !kept.contains(destination.identity) {
                operations.append(.deleteDestination(destination.identity, service: identity))
            }
        }
        let targeted = Set(target.services.map(\.service.identity))
        for entry in actual.entries
        where owned.contains(entry.service.identity) && !targeted.contains(entry.service.identity) {
            operations.append(.deleteService(entry.service.identity))
        }
        self.operations = operations
    }

    /// Whether there is nothing to do.
    public var isEmpty: Bool { operations.isEmpty }

    /// Whether the kernel's service is programmed as `wanted` (statistics and the kernel's
    /// `hashed` flag aside).
    public static func serviceMatches(_ actual: IPVSService, _ wanted: IPVSService) -> Bool {
        actual.configuration == wanted.configuration
    }

    /// Whether the kernel's destination is programmed as `wanted`: weight, thresholds,
    /// forwarding (the kernel reports `Local` for an address of the director itself, whatever
    /// was asked), and the tunnel settings of a tunnelled one. Counters do not matter.
    public static func destinationMatches(_ actual: IPVSDestination, _ wanted: IPVSDestination) -> Bool {
        guard actual.weight == wanted.weight, actual.upperThreshold == wanted.upperThreshold,
            actual.lowerThreshold == wanted.lowerThreshold
        else { return false }
        if actual.forwarding == .local { return true }
        guard actual.forwarding == wanted.forwarding else { return false }
        return wanted.forwarding != .tunnel || actual.tunnel == wanted.tunnel
    }
}
