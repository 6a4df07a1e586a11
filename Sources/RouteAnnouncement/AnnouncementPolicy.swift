import Addressing

/// Whether this director may announce each VIP to the routers: only while it can serve it.
/// Pure: the director's state in, one decision per VIP out.
public enum AnnouncementPolicy {
    /// How a virtual service on a VIP stands.
    public struct Service: Sendable, Equatable {
        /// The service's name in lvs.cf, for reasons.
        public var name: String
        /// Real servers that passed their checks and are in the table with a weight above 0.
        public var realServersUp: Int

        public init(name: String, realServersUp: Int) {
            self.name = name
            self.realServersUp = realServersUp
        }
    }

    /// What the decision is made from.
    public struct DirectorState: Sendable, Equatable {
        /// lvsd runs (its table is kept true to the real servers' health).
        public var lvsdRunning: Bool
        /// Every real server has had its first check.
        public var tableReady: Bool
        /// The admin withdrew this director from the routers.
        public var drained: Bool
        /// The active virtual services of each VIP.
        public var services: [IPAddress: [Service]]
        /// The VIPs up on this director (traffic the routers send for another one would be
        /// dropped); nil when not checked.
        public var held: Set<IPAddress>?
        /// pulse is stopping: everything is withdrawn before the table goes.
        public var stopping: Bool

        public init(
            lvsdRunning: Bool, tableReady: Bool, drained: Bool, services: [IPAddress: [Service]],
            held: Set<IPAddress>? = nil, stopping: Bool = false
        ) {
            self.lvsdRunning = lvsdRunning
            self.tableReady = tableReady
            self.drained = drained
            self.services = services
            self.held = held
            self.stopping = stopping
        }
    }

    /// One VIP's verdict.
    public enum Decision: Sendable, Equatable {
        case announce
        /// Withdrawn, with the reason for the log and `lvsctl status`.
        case withdraw(String)
    }

    /// The verdict for every VIP of `state`.
    public static func decide(_ state: DirectorState) -> [IPAddress: Decision] {
        var decisions: [IPAddress: Decision] = [:]
        for (vip, services) in state.services {
            decisions[vip] = decide(vip, services, in: state)
        }
        return decisions
    }

    /// The VIPs `decide` announces.
    public static func announced(_ state: DirectorState) -> Set<IPAddress> {
        Set(decide(state).compactMap { $0.value == .announce ? $0.key : nil })
    }

    /// The log lines for going from `old` to `new` decisions: one per VIP whose verdict changed,
    /// in address order.
    public static func changes(from old: [IPAddress: Decision], to new: [IPAddress: Decision]) -> [String] {
        var lines: [String] = []
        for vip in Set(old.keys).union(new.keys).sorted() where old[vip] != new[vip] {
            switch new[vip] {
            case .announce?:
                lines.append("announcing \(vip) to the routers")
            case .withdraw(let reason)?:
                if old[vip] == .announce || old[vip] == nil {
                    lines.append("withdrawing \(vip) from the routers: \(reason)")
                } else {
                    lines.append("\(vip) stays withdrawn: \(reason)")
                }
            case nil:
                lines.append("\(vip) is no longer in lvs.cf: withdrawn")
            }
        }
        return lines
    }

    private static func decide(_ vip: IPAddress, _ services: [Service], in state: DirectorState) -> Decision {
        if state.stopping { return .withdraw("pulse is stopping") }
        if state.drained { return .withdraw("this director is drained by the admin") }
        if !state.lvsdRunning { return .withdraw("lvsd is not running") }
        if !state.tableReady { return .withdraw("the table is not ready (real servers await their first check)") }
        if services.isEmpty { return .withdraw("no active virtual service") }
        if let held = state.held, !held.contains(vip) { return .withdraw("the VIP is not up on this director") }
        if services.contains(where: { $0.realServersUp > 0 }) { return .announce }
        let names = services.map(\.name).sorted().joined(separator: ", ")
        return .withdraw("no real server is up (\(names))")
    }
}
