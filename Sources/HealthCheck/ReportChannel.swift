import DaemonSupport
import Glibc

/// nanny's end of the report socket to lvsd: writes ``NannyReport`` lines without ever blocking
/// the loop, and notices when lvsd goes away (end of file, reset, or a closed socket).
public final class ReportChannel {
    /// Most bytes kept while lvsd does not read; beyond it the channel gives up.
    public static let backlogLimit = 1 << 20

    private let descriptor: FileDescriptor
    private let loop: EventLoop
    private var onClosed: ((String) -> Void)?
    private var watch: EventLoop.WatchID?
    private var pending: [UInt8] = []

    /// A channel on `descriptor` (a connected stream socket, made non-blocking here). `onClosed`
    /// runs once, with the reason, when lvsd has gone away or stopped reading.
    public init(descriptor: FileDescriptor, loop: EventLoop, onClosed: @escaping (String) -> Void)
        throws(SystemCallError)
    {
        self.descriptor = descriptor
        self.loop = loop
        self.onClosed = onClosed
        try descriptor.setNonBlocking()
        watch = loop.watch(descriptor, for: .readable) { [unowned self] readiness in ready(readiness) }
    }

    /// Bytes waiting for lvsd to read.
    public var backlog: Int { pending.count }

    /// Whether lvsd is still there.
    public var isOpen: Bool { onClosed != nil }

    /// Queues `report` and writes what the socket takes now.
    public func send(_ report: NannyReport) {
        guard isOpen else { return }
        pending += report.encoded
        if pending.count > Self.backlogLimit {
            return close("lvsd is not reading reports (more than \(Self.backlogLimit) bytes waiting)")
        }
        writePending()
    }

    /// Writes what is queued, waiting at most `timeout` (at exit, so the last reports get out).
    public func flush(timeout: Duration) {
        let deadline = ContinuousClock.now + timeout
        while isOpen && !pending.isEmpty && ContinuousClock.now < deadline {
            var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLOUT), revents: 0)
            let milliseconds = Int32(max(1, (deadline - ContinuousClock.now).inNanoseconds / 1_000_000))
            if poll(&entry, 1, milliseconds) <= 0 { return }
            writePending()
        }
    }

    private func ready(_ readiness: EventLoop.Readiness) {
        if readiness.contains(.writable) { writePending() }
        guard isOpen, readiness.contains(.readable) || readiness.contains(.hangup) || readiness.contains(.error) else {
            return
        }
        // lvsd never writes; readable means end of file (or stray bytes, which are dropped).
        do {
            guard let bytes = try descriptor.read(upTo: 512) else { return }
            if bytes.isEmpty { close("lvsd closed the report socket") }
        } catch {
            close("report socket: \(error)")
        }
    }

    private func writePending() {
        guard isOpen else { return }
        do {
            let written = try descriptor.write(pending)
            pending.removeFirst(written)
        } catch {
            return close("writing to lvsd: \(error.reason)")
        }
        if let watch { loop.update(watch, interest: pending.isEmpty ? .readable : [.readable, .writable]) }
    }

    private func close(_ reason: String) {
        guard let onClosed else { return }
        self.onClosed = nil
        pending = []
        if let watch { loop.unwatch(watch) }
        watch = nil
        onClosed(reason)
    }
}
