import DaemonSupport

/// The thread that elects the active director, alone on its real-time loop: pulse's own
/// heartbeats (``HeartbeatCore``) or VRRP (``VRRPCore``). The main loop talks to either through
/// the same two mailboxes.
protocol ElectionCore: AnyObject, Sendable {
    /// What the main loop asks; read on the election's thread.
    var commands: Mailbox<HeartbeatCommand> { get }
    /// What the election decided that the main loop carries out.
    var reports: Mailbox<HeartbeatReport> { get }
    /// Watches the sockets and the command mailbox on `loop`, the election thread's own.
    func run(on loop: EventLoop)
}

extension HeartbeatCore: ElectionCore {}
