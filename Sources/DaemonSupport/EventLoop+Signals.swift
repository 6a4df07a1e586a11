import CLVSShims
import Glibc

/// Information about a delivered signal (from `struct signalfd_siginfo`).
public struct SignalInfo: Sendable, Equatable {
    /// The signal.
    public var signal: Signal
    /// The sending process (`ssi_pid`), 0 for the kernel.
    public var senderPID: pid_t
    /// The sender's real user ID (`ssi_uid`).
    public var senderUID: uid_t
}

/// The loop's signalfd and the handlers behind it.
struct SignalState {
    var descriptor: FileDescriptor?
    var watch: EventLoop.WatchID?
    var handled = SignalSet()
    /// Signals this loop blocked (and unblocks again on close): those not blocked before.
    var blockedByLoop = SignalSet()
    var handlers: [CInt: (SignalInfo) -> Void] = [:]
}

extension EventLoop {
    /// Runs `handler` on the loop whenever `signal` arrives. The signal is blocked in the calling
    /// thread and read from a `signalfd`: the handler runs as ordinary loop work, never in signal
    /// context.
    ///
    /// The signal must be blocked in **every** thread of the process, or another thread may take
    /// it first (and, for `SIGCHLD`, discard it). A daemon therefore blocks its signals with
    /// ``SignalSet/block()`` at the top of `main`, before any thread exists; threads inherit the mask.
    /// Several arrivals of a standard signal while the loop is busy coalesce into one.
    public func handle(_ signal: Signal, _ handler: @escaping (SignalInfo) -> Void) throws(SystemCallError) {
        if !signalState.handled.contains(signal) {
            let wasBlocked = SignalSet.blockedInCurrentThread().contains(signal)
            try SignalSet([signal]).block()
            if !wasBlocked { signalState.blockedByLoop.insert(signal) }
            signalState.handled.insert(signal)
            var mask = signalState.handled.sigset
            let existing = signalState.descriptor?.rawValue ?? -1
            let fd = try SystemCall.run("signalfd", on: signal.description) {
                signalfd(existing, &mask, CInt(SFD_NONBLOCK | SFD_CLOEXEC))
            }
            if signalState.descriptor == nil {
                let descriptor = FileDescriptor(rawValue: fd)
                signalState.descriptor = descriptor
                signalState.watch = watch(descriptor, for: .readable) { [unowned self] _ in
                    self.readSignals()
                }
            }
        }
        signalState.handlers[signal.rawValue] = handler
    }

    /// Stops handling `signal` (it stays blocked and is still read, but nothing runs).
    public func stopHandling(_ signal: Signal) {
        signalState.handlers[signal.rawValue] = nil
    }

    private func readSignals() {
        guard let descriptor = signalState.descriptor else { return }
        let size = Int(lvs_signalfd_info_size())
        // Bounded: at most 64 records per turn, so a signal storm cannot starve other work.
        for _ in 0..<64 {
            guard let bytes = try? descriptor.read(upTo: size), bytes.count == size else { return }
            let info = bytes.withUnsafeBytes { raw in
                SignalInfo(
                    signal: Signal(rawValue: lvs_signalfd_info_signal(raw.baseAddress)),
                    senderPID: pid_t(lvs_signalfd_info_pid(raw.baseAddress)),
                    senderUID: uid_t(bitPattern: lvs_signalfd_info_uid(raw.baseAddress))
                )
            }
            signalState.handlers[info.signal.rawValue]?(info)
        }
    }

    /// Closes the signalfd and unblocks the signals this loop blocked, after discarding any that
    /// are still pending (so unblocking cannot run their default action).
    public func closeSignals() {
        guard let descriptor = signalState.descriptor else { return }
        if let watch = signalState.watch { unwatch(watch) }
        while let bytes = try? descriptor.read(upTo: Int(lvs_signalfd_info_size())), !bytes.isEmpty {}
        descriptor.closeQuietly()
        try? signalState.blockedByLoop.unblock()
        signalState = SignalState()
    }
}

extension Signal {
    /// Sets the disposition to `SIG_IGN` (for `SIGPIPE`: a write to a closed socket then fails
    /// with `EPIPE` instead of killing the daemon). Spawned children get default dispositions back.
    public func ignore() {
        _ = Glibc.signal(rawValue, SIG_IGN)
    }
}
