import CLVSShims
import DaemonSupport
import Glibc

/// Many descriptors behind one in the event loop: an epoll set (level-triggered, readable) whose
/// own descriptor the loop watches. lvsd keeps its nannies' report sockets here, so a turn of the
/// loop polls a handful of descriptors instead of one per nanny.
final class ReadinessGroup {
    private let descriptor: FileDescriptor
    private let loop: EventLoop
    private var watch: EventLoop.WatchID?
    private var handlers: [CInt: () -> Void] = [:]
    private var tokens = [UInt64](repeating: 0, count: 256)

    /// An empty group on `loop`.
    init(loop: EventLoop) throws(SystemCallError) {
        let fd = try SystemCall.run("epoll_create1") { lvs_epoll_create() }
        descriptor = FileDescriptor(rawValue: fd)
        self.loop = loop
        watch = loop.watch(descriptor, for: .readable) { [unowned self] _ in dispatch() }
    }

    deinit { close() }

    /// Calls `handler` on the loop whenever `fd` is readable (or at end of file, or on error).
    func add(_ fd: FileDescriptor, _ handler: @escaping () -> Void) throws(SystemCallError) {
        try SystemCall.run("epoll_ctl(EPOLL_CTL_ADD)", on: fd.description) {
            lvs_epoll_add_readable(descriptor.rawValue, fd.rawValue, UInt64(UInt32(bitPattern: fd.rawValue)))
        }
        handlers[fd.rawValue] = handler
    }

    /// Stops watching `fd`; call before closing it.
    func remove(_ fd: FileDescriptor) {
        guard handlers.removeValue(forKey: fd.rawValue) != nil else { return }
        _ = lvs_epoll_remove(descriptor.rawValue, fd.rawValue)
    }

    /// Descriptors in the group.
    var count: Int { handlers.count }

    /// Runs the handlers of up to 256 ready descriptors (bounded per turn; the rest stay ready).
    private func dispatch() {
        let ready = tokens.withUnsafeMutableBufferPointer { buffer in
            lvs_epoll_wait_tokens(descriptor.rawValue, buffer.baseAddress, Int32(buffer.count), 0)
        }
        guard ready > 0 else { return }
        for index in 0..<Int(ready) {
            let fd = CInt(bitPattern: UInt32(truncatingIfNeeded: tokens[index]))
            // A handler earlier in this turn may have removed it.
            handlers[fd]?()
        }
    }

    /// Closes the group.
    func close() {
        guard let watch else { return }
        loop.unwatch(watch)
        self.watch = nil
        descriptor.close()
        handlers = [:]
    }
}
