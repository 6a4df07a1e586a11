import Control
import Heartbeat

extension PulseNode {
    /// The answer to one control request (root only; the server checked the peer), given to
    /// `reply` at once, or once a reload has been read off the loop.
    func answer(_ request: PulseRequest, from peer: ControlPeer, reply: @escaping (ControlResponse<PulseStatus>) -> Void) {
        guard request == .reload else { return reply(answer(request, from: peer)) }
        reload(trigger: "reload requested by \(peer)") { [unowned self] outcome in
            switch outcome {
            case .success(let text): reply(ControlResponse(ok: true, result: status, message: text))
            case .failure(let error): reply(.failure(error.description))
            }
        }
    }

    /// The answer to a request answered at once.
    private func answer(_ request: PulseRequest, from peer: ControlPeer) -> ControlResponse<PulseStatus> {
        switch request {
        case .status:
            return .success(status)
        case .failover, .takeover:
            logger.notice("\(request == .failover ? "failover" : "takeover") requested by \(peer)")
            answers = []
            dispatch(request == .failover ? .failoverRequested : .takeoverRequested)
            let answer = answers.last
            answers = []
            switch answer {
            case .accepted(let text)?: return ControlResponse(ok: true, result: status, message: text)
            case .refused(let text)?: return .failure(text)
            case nil: return .failure("pulse gave no answer (it is stopping)")
            }
        case .reload:
            return .failure("pulse: reload is answered once read")  // not reached: answered above
        }
    }

    /// The status report: the state machine's snapshot, the VIPs held, lvsd.
    public var status: PulseStatus {
        PulseStatus(
            failover: machine.status(at: loop.now), settings: settings, heldAddresses: heldAddresses, lvsd: lvsd.status)
    }
}
