import Control
import NIOPosix

/// lvsweb's way to pulse and lvsd: the same control sockets and requests as lvsctl, each call run
/// on NIO's blocking thread pool (a control exchange waits on poll, bounded by ``timeout``).
public struct ControlGateway: Sendable {
    /// pulse's socket.
    public var pulse: ControlClient
    /// lvsd's socket.
    public var lvsd: ControlClient

    /// A gateway to the daemons at these sockets.
    public init(
        pulseSocket: String = ControlClient.pulsePath, lvsdSocket: String = ControlClient.lvsdPath,
        timeout: Duration = .seconds(3)
    ) {
        pulse = ControlClient(path: pulseSocket, daemon: "pulse", timeout: timeout)
        lvsd = ControlClient(path: lvsdSocket, daemon: "lvsd", timeout: timeout)
    }

    /// What `lvsctl status` shows: pulse's view of both directors and the local lvsd's services.
    public func report() async throws -> DirectorReport {
        let pulse = self.pulse
        let lvsd = self.lvsd
        return try await NIOThreadPool.singleton.runIfActive {
            guard let status = try pulse.send(PulseRequest.status).result else {
                throw ControlClientError.badResponse("pulse answered without a status")
            }
            return DirectorReport(pulse: status, asking: lvsd)
        }
    }

    /// Sends a request to pulse (failover, takeover, reload).
    public func send(_ request: PulseRequest) async throws {
        let pulse = self.pulse
        _ = try await NIOThreadPool.singleton.runIfActive { try pulse.send(request) }
    }

    /// Sends a request to lvsd (drain, enable).
    public func send(_ request: LVSDRequest) async throws {
        let lvsd = self.lvsd
        _ = try await NIOThreadPool.singleton.runIfActive { try lvsd.send(request) }
    }
}
