#if canImport(Glibc)
import Glibc
#endif
import DaemonSupport

extension PulseNode {
    /// An lvsd left running by a pulse that was killed (its pidfile names a live lvsd) is stopped
    /// before this pulse starts, so that the lvsd this one starts can take the pidfile (it adopts
    /// the table). Waits for it, at most `lvsdStopTimeout`, then kills it: before the first
    /// heartbeat, so nothing waits behind it.
    func stopLeftoverLVSD() {
        let path = (options.lvsdRuntimeDirectory ?? "/run/lvsd") + "/lvsd.pid"
        guard let text = try? Self.contents(of: path),
            let pid = pid_t(text.split(whereSeparator: { $0 == "\n" || $0 == " " }).first ?? ""),
            Pidfile.isRunning(pid, program: "lvsd")
        else { return }
        logger.warning("stopping lvsd (PID \(pid)) left running by an earlier pulse")
        kill(pid, SIGTERM)
        let deadline = loop.now + options.lvsdStopTimeout
        while loop.now < deadline, Pidfile.isRunning(pid, program: "lvsd") { usleep(20_000) }
        if Pidfile.isRunning(pid, program: "lvsd") {
            logger.warning("lvsd (PID \(pid)) did not stop within \(options.lvsdStopTimeout) of SIGTERM: killing it")
            kill(pid, SIGKILL)
        }
    }

    /// A small file's text.
    static func contents(of path: String) throws(SystemCallError) -> String {
        let fd = try SystemCall.run("open", on: path) { open(path, O_RDONLY | O_CLOEXEC) }
        let descriptor = FileDescriptor(rawValue: fd)
        defer { descriptor.closeQuietly() }
        return String(decoding: try descriptor.read(upTo: 64) ?? [], as: UTF8.self)
    }
}
