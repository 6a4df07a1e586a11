import Addressing
import DaemonSupport
import Heartbeat
import VRRP

extension PulseNode {
    /// pulse's own heartbeats: the failover state machine, the sender and receiver of each path.
    static func heartbeatCore(
        settings: PulseSettings, key: HeartbeatKey?, sockets: [HeartbeatPath: HeartbeatSocket], forceActive: Bool
    ) throws(PulseStartError) -> HeartbeatCore {
        let machine: FailoverStateMachine
        do {
            machine = FailoverStateMachine(configuration: try settings.failoverConfiguration(forceActive: forceActive))
        } catch {
            throw .configuration(error)
        }
        var sender: HeartbeatSender?
        var receiver: HeartbeatReceiver?
        if let peer = settings.peer {
            let bootID = UInt64(clamping: WallClockTime.now().nanosecondsSince1970)
            sender = HeartbeatSender(
                protocol: settings.wireProtocol, role: settings.role, bootID: bootID,
                configSerial: settings.configSerial, paths: peer.paths, key: key)
            receiver = HeartbeatReceiver(
                protocol: settings.wireProtocol, localRole: settings.role, peer: peer, key: key, ownBootID: bootID,
                keepalive: settings.keepalive, deadtime: settings.deadtime)
        }
        do {
            return try HeartbeatCore(
                machine: machine, sender: sender, receiver: receiver, sockets: sockets, peer: settings.peer,
                port: settings.port, deadtime: settings.deadtime)
        } catch {
            throw .system(error)
        }
    }

    /// `heartbeat_protocol = vrrp`: the election over the VRRP socket.
    static func vrrpCore(
        _ vrrp: VRRPRouterSettings, settings: PulseSettings, socket: VRRPSocket?, forceActive: Bool
    ) throws(PulseStartError) -> VRRPCore {
        guard let socket else { throw .vrrp("heartbeat_protocol = vrrp but no VRRP socket was opened") }
        let configuration: VRRPElectionConfiguration?
        do {
            configuration = try settings.vrrpElectionConfiguration(forceActive: forceActive)
        } catch {
            throw .vrrp("\(error)")
        }
        guard var configuration else { throw .vrrp("heartbeat_protocol is not vrrp") }
        // Ties go to the higher sender address: compare with what the peer sees (IPv6: link-local).
        configuration.ownAddress = socket.source
        do {
            return try VRRPCore(
                election: VRRPElection(configuration: configuration),
                filter: vrrp.filter(addresses: settings.vrrpAddresses),
                socket: socket, destinations: vrrp.destinations(from: settings.localAddress))
        } catch {
            throw .system(error)
        }
    }

    /// The VIP guard's limit: a silence after which the partner is taking over. With VRRP, a
    /// master's advertisements are its heartbeats, and a backup takes over after three missed.
    var guardLimit: Duration {
        if let vrrp = settings.vrrp {
            let interval = Duration.milliseconds(Int64(vrrp.advertIntervalCentiseconds) * 10)
            return VIPGuardWatch.limit(keepalive: interval, deadtime: interval * 3)
        }
        return VIPGuardWatch.limit(keepalive: settings.keepalive, deadtime: settings.deadtime)
    }
}
