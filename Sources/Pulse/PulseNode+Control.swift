import Control
import Heartbeat

extension PulseNode {
    /// The answer to one control request (root only; the server checked the peer), given to
    /// `reply` at once, or once a reload has been read off the loop.
    func answer(_ request: PulseRequest, from peer: ControlPeer, reply: @escaping (ControlResponse<PulseStatus>) -> Void) {
        switch request {
        case .status:
            reply(.success(status))
        case .failover, .takeover:
            reply(handOver(request == .failover ? .failoverRequested : .takeoverRequested, requestedBy: peer))
        case .reload:
            reload(trigger: "reload requested by \(peer)") { [unowned self] outcome in
                switch outcome {
                case .success(let text): reply(ControlResponse(ok: true, result: status, message: text))
                case .failure(let error): reply(.failure(error.description))
                }
            }
        }
    }

    /// `lvsctl failover` / `takeover`: the machine's answer, given as it decides.
    private func handOver(_ event: FailoverEvent, requestedBy peer: ControlPeer) -> ControlResponse<PulseStatus> {
        logger.notice("\(event == .failoverRequested ? "failover" : "takeover") requested by \(peer)")
        answers = []
        dispatch(event)
        let answer = answers.last
        answers = []
        switch answer {
        case .accepted(let text)?: return ControlResponse(ok: true, result: status, message: text)
        case .refused(let text)?: return .failure(text)
        case nil: return .failure("pulse gave no answer (it is stopping)")
        }
    }

    /// The status report: the state machine's snapshot, the VIPs held, lvsd.
    public var status: PulseStatus {
        PulseStatus(
            failover: machine.status(at: loop.now), settings: settings, heldAddresses: heldAddresses, lvsd: lvsd.status)
    }
}
