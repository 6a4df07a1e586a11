import CLVSShims
import DaemonSupport
import Glibc

/// Who is on the other end of a control connection (`SO_PEERCRED`: the credentials the client
/// had when it connected; they cannot be forged by the client).
public struct ControlPeer: Equatable, Sendable, CustomStringConvertible {
    /// The client's user ID.
    public var uid: uid_t
    /// The client's group ID.
    public var gid: gid_t
    /// The client's process ID.
    public var pid: pid_t

    /// A peer.
    public init(uid: uid_t, gid: gid_t, pid: pid_t) {
        self.uid = uid
        self.gid = gid
        self.pid = pid
    }

    /// The credentials of the process connected to `socket`.
    public static func of(_ socket: FileDescriptor) throws(SystemCallError) -> ControlPeer {
        var uid: uid_t = 0
        var gid: gid_t = 0
        var pid: pid_t = 0
        try SystemCall.run("getsockopt(SO_PEERCRED)", on: socket.description) {
            lvs_peer_credentials(socket.rawValue, &uid, &gid, &pid)
        }
        return ControlPeer(uid: uid, gid: gid, pid: pid)
    }

    public var description: String { "uid \(uid) pid \(pid)" }
}
