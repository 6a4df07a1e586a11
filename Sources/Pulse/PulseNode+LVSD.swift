#if canImport(Glibc)
import Glibc
#endif
import Control
import DaemonSupport
import Heartbeat

extension PulseNode {
    /// Starts lvsd unless it runs; returns the problem when it cannot be started. When the last
    /// lvsd is still stopping, the new one starts as soon as that one has exited (two cannot
    /// share the pidfile and the table).
    ///
    /// With `readiness`, lvsd gets it as descriptor 3 (`--ready-fd 3`) and writes a line there once
    /// every real server has had its first health check.
    func startLVSD(readiness: FileDescriptor? = nil) -> String? {
        guard lvsdPID == nil else { return nil }
        guard lvsdStopping.isEmpty else {
            lvsdStartPending = true
            logger.info("lvsd starts once the previous one has exited")
            return nil
        }
        var launch = options.lvsdLaunch
        launch.readyDescriptor = readiness.map { _ in Self.lvsdReadyDescriptor }
        let spec = ChildProcessSpec(
            executable: launch.executable, arguments: launch.arguments,
            mappedDescriptors: readiness.map { [Self.lvsdReadyDescriptor: $0] } ?? [:])
        do {
            let spawned = try reaper.spawn(spec) { [unowned self] exit in lvsdEnded(exit) }
            lvsdPID = spawned.pid
            logger.notice("started lvsd: \(launch.commandLine)", metadata: ["pid": "\(spawned.pid)"])
            return nil
        } catch {
            return "cannot start lvsd (\(launch.commandLine)): \(error)"
        }
    }

    /// Asks lvsd to stop (SIGTERM) and kills it if it has not exited within `lvsdStopTimeout`.
    /// Does not wait: heartbeats go on meanwhile.
    func stopLVSD() {
        lvsdStartPending = false
        guard let pid = lvsdPID else { return }
        lvsdPID = nil
        let timeout = options.lvsdStopTimeout
        lvsdStopping[pid] = loop.schedule(after: timeout) { [unowned self] in
            guard lvsdStopping[pid] != nil else { return }
            logger.warning("lvsd (PID \(pid)) did not stop within \(timeout) of SIGTERM: killing it")
            _ = try? reaper.send(.kill, to: pid)
        }
        do {
            if try reaper.send(.terminate, to: pid) {
                logger.info("stopping lvsd", metadata: ["pid": "\(pid)"])
            }
        } catch {
            logger.error("stopping lvsd (PID \(pid)): \(error)")
        }
    }

    /// lvsd exited: expected when pulse stopped it; otherwise a fault that hands the VIPs over.
    func lvsdEnded(_ exit: ChildExit) {
        if let timer = lvsdStopping.removeValue(forKey: exit.pid) {
            loop.cancel(timer)
            logger.info("lvsd stopped (\(exit.status))", metadata: ["pid": "\(exit.pid)"])
            if exiting {
                if lvsdStopping.isEmpty { loop.stop() }
                return
            }
            if lvsdStartPending, lvsdStopping.isEmpty, machine.state.holdsVIPs {
                lvsdStartPending = false
                if let problem = startLVSD() {
                    logger.error("\(problem)")
                    dispatch(.lvsdExited("could not be restarted: \(problem)"))
                }
            }
            return
        }
        guard exit.pid == lvsdPID else { return }
        lvsdPID = nil
        logger.error("lvsd (PID \(exit.pid)) \(exit.status)")
        dispatch(.lvsdExited("\(exit.status)"))
    }

    /// An lvsd left running by a pulse that was killed (its pidfile names a live lvsd) is stopped
    /// before this pulse starts, so that the lvsd this one starts on activation can take the
    /// pidfile and the table. Waits for it, at most `lvsdStopTimeout`, then kills it.
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
        defer { descriptor.close() }
        return String(decoding: try descriptor.read(upTo: 64) ?? [], as: UTF8.self)
    }

    /// Where lvsd finds the write end of its readiness pipe.
    static let lvsdReadyDescriptor: Int32 = 3

    /// lvsd as the status report shows it.
    var lvsdProcess: PulseStatus.LVSDProcess {
        if let pid = lvsdPID { return .init(running: true, pid: pid) }
        if !options.startsLVSD { return .init(running: false, note: "not started: pulse runs with --norun (test start)") }
        if let pid = lvsdStopping.keys.first { return .init(running: true, pid: pid, note: "stopping") }
        if machine.state.holdsVIPs { return .init(running: false, note: "not running although this director is active") }
        return .init(running: false, note: "not running: this director is inactive")
    }
}
