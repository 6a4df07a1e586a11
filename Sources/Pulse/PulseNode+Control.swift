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

    /// The status report around the machine's snapshot: the VIPs held, lvsd.
    func status(_ failover: FailoverStatus) -> PulseStatus {
        PulseStatus(failover: failover, settings: settings, heldAddresses: heldAddresses, lvsd: lvsd.status)
    }
}
