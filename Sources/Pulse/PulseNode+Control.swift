import Control
import Heartbeat

extension PulseNode {
    /// The answer to one control request (root only; the server checked the peer), given to
    /// `reply` once the heartbeat thread (or, for a reload, the reload worker) has answered.
    func answer(
        _ request: PulseRequest, from peer: ControlPeer, reply: @escaping (ControlResponse<PulseStatus>) -> Void
    ) {
        switch request {
        case .status:
            requestStatus { reply(.success($0)) }
        case .failover, .takeover:
            handOver(request == .failover ? .failoverRequested : .takeoverRequested, requestedBy: peer, reply: reply)
        case .reload:
            reload(trigger: "reload requested by \(peer)") { [unowned self] outcome in
                requestStatus { status in reply(.reload(outcome, status: status)) }
            }
        case .drainDirector, .enableDirector:
            setDrained(request == .drainDirector, requestedBy: peer, reply: reply)
        }
    }

    /// `lvsctl failover` / `takeover`: the machine's answer, given as it decides.
    private func handOver(
        _ event: FailoverEvent, requestedBy peer: ControlPeer, reply: @escaping (ControlResponse<PulseStatus>) -> Void
    ) {
        let waiter: HeartbeatRequests.HandOverWaiter = { [unowned self] answer, failover in
            reply(.handOver(answer, status: status(failover)))
        }
        switch requests.awaitHandOver(waiter, stopping: exiting) {
        case .refused(let text):
            reply(.failure(text))
        case .forwarded(let id):
            logger.notice("\(event == .failoverRequested ? "failover" : "takeover") requested by \(peer)")
            core.commands.post(.handOver(event, id: id))
        }
    }

    /// The status report, once the heartbeat thread has sent the machine's: every caller waiting
    /// at that moment gets the same one. In a cluster, with BIRD's sessions once BIRD answered.
    public func requestStatus(_ completion: @escaping (PulseStatus) -> Void) {
        let ask = requests.awaitStatus(
            { [unowned self] failover in
                let report = status(failover)
                guard let cluster else { return completion(report) }
                cluster.status { part in
                    var report = report
                    report.cluster = part
                    completion(report)
                }
            }, stopping: exiting)
        if ask { core.commands.post(.status) }
    }

    /// `lvsctl drain-director` / `enable-director`: answered once BIRD has the change.
    private func setDrained(
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

    /// The status report around the machine's snapshot: the VIPs held, lvsd.
    func status(_ failover: FailoverStatus) -> PulseStatus {
        PulseStatus(failover: failover, settings: settings, heldAddresses: heldAddresses, lvsd: lvsd.status)
    }
}
