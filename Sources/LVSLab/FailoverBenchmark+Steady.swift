#if canImport(Glibc)
import Glibc
#endif
import LVSTestKit

/// Between trials: the lab steady, one director holding every address.
extension FailoverBenchmark {
    /// Waits until one director holds every address, the other none, both tables hold every real
    /// server, and (pulse) each sees the other's table ready, or (the mixed pair) pulse agrees with
    /// keepalived about who is master; and it stays so for two seconds (a returning keepalived
    /// primary takes the addresses back).
    func settle(_ lab: Lab) throws {
        var steadySince: ContinuousClock.Instant?
        try lab.wait("the lab steady", timeout: .seconds(90)) {
            if let problem = unsteady(lab) {
                steadySince = nil
                return problem
            }
            let since = steadySince ?? .now
            steadySince = since
            return ContinuousClock.now - since >= .seconds(2)
                ? nil : "steady for \((ContinuousClock.now - since).labText)"
        }
    }

    private func unsteady(_ lab: Lab) -> String? {
        guard let active = try? holder(lab) else { return "no director holds every address" }
        if let missing = missingAddresses(lab, on: active) { return missing }
        for address in addresses(lab) where lab.director(active.peer).holds(address) {
            return "both directors hold \(address)"
        }
        for role in lab.plan.directors {
            if let missing = lab.missingFromTable(role) { return missing }
        }
        switch lab.plan.daemon {
        case .pulse:
            for role in lab.plan.directors {
                guard let status = try? lab.director(role).status() else {
                    return "the \(role)'s pulse does not answer"
                }
                if status.peerTable?.state != "ready" {
                    return "the \(role) sees the other's table \(status.peerTable?.text ?? "-")"
                }
            }
        case .keepalived:
            break
        case .pulseWithKeepalived:
            return pulseDisagrees(lab, master: active)
        }
        return nil
    }

    /// Mixed pair: nil when pulse (the primary) is ready and sees what the addresses say, as master
    /// or as a backup that heard keepalived and will not preempt it; else what differs.
    private func pulseDisagrees(_ lab: Lab, master: LabDirectorRole) -> String? {
        guard let status = try? lab.director(.primary).status() else { return "the primary's pulse does not answer" }
        guard status.table?.state == "ready" else { return "pulse's table is \(status.table?.text ?? "-")" }
        let state = status.failoverState ?? status.state.rawValue
        guard let vrrp = status.vrrp else { return "pulse reports no virtual router" }
        if master == .primary {
            return status.state == .active && state == "active" ? nil : "pulse holds the addresses but is \(state)"
        }
        guard status.state == .inactive else { return "keepalived holds the addresses but pulse is \(state)" }
        guard vrrp.master == LabDirectorRole.backup.publicAddress else {
            return "pulse has not heard keepalived as master (\(vrrp.text))"
        }
        // pulse's priority is above keepalived's: unless it yielded, it takes the addresses back.
        return vrrp.preempt ? "pulse is about to preempt keepalived (\(vrrp.text))" : nil
    }

    /// Every address the active director holds: the VIPs and `nat_router`.
    func addresses(_ lab: Lab) -> [String] {
        Array(Set(lab.plan.services.map(\.vip))).sorted() + [LabPlan.natRouter]
    }

    func missingAddresses(_ lab: Lab, on role: LabDirectorRole) -> String? {
        addresses(lab).first { !lab.director(role).holds($0) }.map { "the \(role) does not hold \($0)" }
    }

    /// The director holding the first VIP.
    func holder(_ lab: Lab) throws -> LabDirectorRole {
        let vip = lab.plan.services[0].vip
        guard let role = lab.plan.directors.first(where: { lab.director($0).holds(vip) }) else {
            throw LabError("no director holds \(vip)")
        }
        return role
    }
}
