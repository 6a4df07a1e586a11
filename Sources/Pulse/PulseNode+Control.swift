import Control
import Heartbeat

extension PulseNode {
    /// The answer to one control request (root only; the server checked the peer).
    func answer(_ request: PulseRequest, from peer: ControlPeer) -> ControlResponse<PulseStatus> {
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
            switch reload(trigger: "reload requested by \(peer)") {
            case .success(let text): return ControlResponse(ok: true, result: status, message: text)
            case .failure(let error): return .failure(error.description)
            }
        }
    }

    /// The status report: the state machine's snapshot, the VIPs held, lvsd.
    public var status: PulseStatus {
        PulseStatus(
            failover: machine.status(at: loop.now), settings: settings, heldAddresses: heldAddresses, lvsd: lvsd.status)
    }
}
