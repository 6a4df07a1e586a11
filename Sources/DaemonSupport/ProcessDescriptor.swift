import CLVSShims
import Glibc

/// A pidfd (`pidfd_open(2)`): a handle on a process that need not be this one's child.
///
/// It becomes readable once the process has exited (a zombie counts as exited), so an
/// ``EventLoop`` can wait for any process's end without polling; and a signal sent through it
/// reaches that process only, never another one given the same PID after it ended.
public struct ProcessDescriptor: Sendable {
    /// The process's ID.
    public let pid: pid_t
    /// The pidfd, to watch for readability; closed by ``close()``.
    public let descriptor: FileDescriptor

    /// A handle on `pid`; `nil` when no such process exists (`ESRCH`).
    public static func open(_ pid: pid_t) throws(SystemCallError) -> ProcessDescriptor? {
        guard
            let fd = try SystemCall.run("pidfd_open", on: "PID \(pid)", tolerating: [ESRCH], { lvs_pidfd_open(pid) })
        else { return nil }
        return ProcessDescriptor(pid: pid, descriptor: FileDescriptor(rawValue: fd))
    }

    /// Sends `signal` to the process; returns `false` when it has exited already.
    @discardableResult
    public func send(_ signal: Signal) throws(SystemCallError) -> Bool {
        let sent = try SystemCall.run("pidfd_send_signal(\(signal))", on: "PID \(pid)", tolerating: [ESRCH]) {
            lvs_pidfd_send_signal(descriptor.rawValue, signal.rawValue)
        }
        return sent != nil
    }

    /// Closes the pidfd (unwatch it first).
    public func close() { descriptor.closeQuietly() }
}
