import Control

/// pulse's part in an active-active cluster (`cluster_mode = bgp`): the loop's view handed to
/// ``ClusterAnnouncement``, the admin's drain, and the withdrawal before a stop.
extension PulseNode {
    /// `lvsctl drain-director` / `enable-director`: answered once BIRD has the change.
    func setDrained(
        _ drained: Bool, requestedBy peer: ControlPeer, reply: @escaping (ControlResponse<PulseStatus>) -> Void
    ) {
        let command = drained ? "drain-director" : "enable-director"
        guard let cluster else {
            return reply(
                .failure(
                    "\(command) is for directors with cluster_mode = bgp; in a pair, lvsctl failover hands the VIPs to the peer"
                ))
        }
        guard !exiting else { return reply(.failure("pulse is stopping")) }
        logger.notice("\(command) requested by \(peer)")
        cluster.setDrained(drained) { [unowned self] failure in
            requestStatus { status in
                if let failure {
                    reply(.failure("\(command): BIRD could not be told (it is tried again every second): \(failure)"))
                } else {
                    let text =
                        drained
                        ? "drained: BIRD withdraws this director's VIPs; the routers send their flows to the other directors, and this table keeps forwarding what still arrives"
                        : "enabled: BIRD announces the VIPs this director can serve"
                    reply(ControlResponse(ok: true, result: status, message: text))
                }
            }
        }
    }

    /// Gives the cluster's announcements what the loop knows now.
    func updateCluster() {
        cluster?.update(
            ClusterAnnouncement.Inputs(
                lvsdRunning: lvsd.pid != nil, tableReady: lvsd.readiness == .ready,
                vips: settings.virtualAddresses.map(\.address), held: Set(heldAddresses.map(\.address))))
    }

    /// In a cluster, withdraws every VIP from the routers (bounded by BIRD's timeout) and lets
    /// them move the flows before `stop` takes the table down; a second signal stops at once.
    func withdrawThen(_ stop: @escaping () -> Void) {
        guard let cluster, !withdrawingForStop, !exiting else { return stop() }
        withdrawingForStop = true
        logger.notice("stopping: withdrawing this director's VIPs from the routers first")
        cluster.withdrawAll { [unowned self] failure in
            if let failure { logger.error("stopping without a clean withdrawal: \(failure)") }
            loop.schedule(after: ClusterAnnouncement.settleDelay) { stop() }
        }
    }
}
