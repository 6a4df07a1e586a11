import Control
import Heartbeat

extension ControlResponse where Result == PulseStatus {
    /// The answer to `failover` or `takeover`: the machine's answer and the status after it. No
    /// answer means the machine is stopping.
    public static func handOver(_ answer: FailoverAnswer?, status: PulseStatus) -> Self {
        switch answer {
        case .accepted(let text)?: Self(ok: true, result: status, message: text)
        case .refused(let text)?: .failure(text)
        case nil: .failure("pulse gave no answer (it is stopping)")
        }
    }

    /// The answer to `reload`: its outcome in one line, and the status after it.
    public static func reload(_ outcome: Swift.Result<String, PulseReloadError>, status: PulseStatus) -> Self {
        switch outcome {
        case .success(let text): Self(ok: true, result: status, message: text)
        case .failure(let error): .failure(error.description)
        }
    }
}
