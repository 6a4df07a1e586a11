import Control
import Heartbeat

extension PulseNode {
    /// Requests to the heartbeat thread that may wait there at once: beyond this, `failover` and
    /// `takeover` are answered "busy" (a status is asked for once, however many wait for it).
    static let heartbeatRequestLimit = 64

    /// The answer to one control request (root only; the server checked the peer), given to
    /// `reply` once the heartbeat thread (or, for a reload, the reload worker) has answered.
    func answer(_ request: PulseRequest, from peer: ControlPeer, reply: @escaping (ControlResponse<PulseStatus>) -> Void) {
        switch request {
        case .status:
            requestStatus { reply(.success($0)) }
        case .failover, .takeover:
            handOver(request == .failover ? .failoverRequested : .takeoverRequested, requestedBy: peer, reply: reply)
        case .reload:
            reload(trigger: "reload requested by \(peer)") { [unowned self] outcome in
                requestStatus { status in
                    switch outcome {
                    case .success(let text): reply(ControlResponse(ok: true, result: status, message: text))
                    case .failure(let error): reply(.failure(error.description))
                    }
                }
            }
        }
    }

    /// `lvsctl failover` / `takeover`: the machine's answer, given as it decides.
    private func handOver(
        _ event: FailoverEvent, requestedBy peer: ControlPeer, reply: @escaping (ControlResponse<PulseStatus>) -> Void
    ) {
        guard !exiting else { return reply(.failure("pulse is stopping")) }
        guard handOverWaiters.count < Self.heartbeatRequestLimit else {
            return reply(.failure("pulse is busy: \(handOverWaiters.count) hand-over requests wait already"))
        }
        logger.notice("\(event == .failoverRequested ? "failover" : "takeover") requested by \(peer)")
        let id = requestID()
        handOverWaiters[id] = { [unowned self] answer, failover in
            let status = status(failover)
            switch answer {
            case .accepted(let text)?: reply(ControlResponse(ok: true, result: status, message: text))
            case .refused(let text)?: reply(.failure(text))
            case nil: reply(.failure("pulse gave no answer (it is stopping)"))
            }
        }
        core.commands.post(.handOver(event, id: id))
    }

    /// The status report, once the heartbeat thread has sent the machine's: every caller waiting
    /// at that moment gets the same one.
    public func requestStatus(_ completion: @escaping (PulseStatus) -> Void) {
        guard !exiting else { return }
        statusWaiters.append { [unowned self] failover in completion(status(failover)) }
        if statusWaiters.count == 1 { core.commands.post(.status) }
    }

    /// The status report around the machine's snapshot: the VIPs held, lvsd.
    func status(_ failover: FailoverStatus) -> PulseStatus {
        PulseStatus(failover: failover, settings: settings, heldAddresses: heldAddresses, lvsd: lvsd.status)
    }
}
