import Control
import DaemonSupport
import Heartbeat

/// Why a node could not start.
public enum PulseStartError: Error, CustomStringConvertible {
    /// The settings make no working failover configuration.
    case configuration(FailoverConfigurationError)
    /// Signals or worker threads could not be set up.
    case system(SystemCallError)
    /// The control socket could not be served.
    case control(ControlServerError)
    /// `heartbeat_protocol = vrrp`: the virtual router cannot be set up, with the reason.
    case vrrp(String)

    public var description: String {
        switch self {
        case .configuration(let error): "\(error)"
        case .system(let error): "\(error)"
        case .control(let error): "\(error)"
        case .vrrp(let reason): "VRRP: \(reason)"
        }
    }
}
