import Heartbeat
import IPVS
import Interfaces
import Logging

/// One thing pulse's main loop carries out, as a pure decision names it (``FailoverActionPlan``,
/// ``VIPChange/followUp(_:settings:holdsVIPs:)``, ``PulseReloadPlan``'s steps). ``PulseNode`` only
/// wires each to its worker, process, thread or log.
public enum PulseStep: Hashable, Sendable {
    /// Change the VIPs, on the address worker, in order with every other VIP change.
    case changeVIPs(VIPChange)
    /// Make the IPVS sync daemon a `role` one (``SyncDaemonRoleQueue`` coalesces the requests).
    case switchSyncDaemon(IPVSSyncDaemonRole)
    /// Keep lvsd running.
    case startLVSD
    /// Stop lvsd and keep it stopped.
    case stopLVSD
    /// The heartbeat thread said goodbye: stop serving, stop lvsd and the VIP guard, and stop the
    /// loop once lvsd is gone and the VIPs are down.
    case finish
    /// Remember the VIPs held (the address worker's word), for the status.
    case recordHeld([VirtualAddress])
    /// Write a line to the log.
    case log(Logger.Level, String)
    /// Tell the state machine (on the heartbeat thread).
    case report(FailoverEvent)
    /// Start a command (no shell) without waiting for it, logging its exit; the key (`active_cmd`)
    /// names it in the log.
    case run([String], as: String)
    /// Replace the VIP guard: the VIPs it guards or its limit changed.
    case replaceVIPGuard
    /// Watch the links afresh: `monitor_links` changed.
    case restartLinkWatch
}
