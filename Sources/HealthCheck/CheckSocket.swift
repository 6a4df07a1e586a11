import DaemonSupport

/// A TCP or UDP check's socket, watched on the loop for one thing at a time; closing it removes
/// the watch first.
final class CheckSocket {
    /// The socket.
    let socket: Socket
    private let loop: EventLoop
    private var watchID: EventLoop.WatchID?

    /// Takes `socket` over; ``close()`` closes it.
    init(_ socket: Socket, loop: EventLoop) {
        self.socket = socket
        self.loop = loop
    }

    /// Calls `handler` whenever the socket is ready for `interest`, in place of the previous watch.
    func watch(for interest: EventLoop.Readiness, _ handler: @escaping () -> Void) {
        watchID = loop.watch(socket.descriptor, for: interest) { _ in handler() }
    }

    /// Stops watching and closes the socket.
    func close() {
        if let watchID { loop.unwatch(watchID) }
        watchID = nil
        socket.closeQuietly()
    }
}
