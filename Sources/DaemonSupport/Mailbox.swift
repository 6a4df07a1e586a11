import Synchronization

/// Messages handed from one thread to another thread's ``EventLoop``: any thread posts, and the
/// receiving loop gets everything posted since its last turn, in order, in one call.
///
/// A non-blocking pipe wakes the receiver (a full pipe already has it awake), so posting never
/// blocks and costs a lock and at most one `write`. The queue itself has no limit: the sender
/// decides what may pile up (``count`` says how much does).
public final class Mailbox<Message: Sendable>: Sendable {
    private struct State {
        var messages: [Message] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let wake: (read: FileDescriptor, write: FileDescriptor)
    /// The mailbox's name, for messages.
    public let name: String

    /// An empty mailbox.
    public init(name: String) throws(SystemCallError) {
        self.name = name
        wake = try FileDescriptor.makePipe(nonBlocking: true)
    }

    deinit {
        wake.read.closeQuietly()
        wake.write.closeQuietly()
    }

    /// Queues `message`; returns `false` (and drops it) once the mailbox is closed.
    @discardableResult
    public func post(_ message: Message) -> Bool {
        let wasEmpty = state.withLock { state -> Bool? in
            guard !state.closed else { return nil }
            state.messages.append(message)
            return state.messages.count == 1
        }
        guard let wasEmpty else { return false }
        // The receiver drains the pipe before it takes the queue, so one byte per batch suffices.
        if wasEmpty { _ = try? wake.write.write(CollectionOfOne(1)) }
        return true
    }

    /// Messages posted and not yet delivered.
    public var count: Int { state.withLock { $0.messages.count } }

    /// Delivers to `handler`, on `loop`, every batch of messages posted. Call it on the loop's
    /// thread; the watch lasts until ``close()`` or until the loop unwatches it.
    @discardableResult
    public func deliver(on loop: EventLoop, to handler: @escaping ([Message]) -> Void) -> EventLoop.WatchID {
        loop.watch(wake.read, for: .readable) { [self] _ in
            let messages = take()
            if !messages.isEmpty { handler(messages) }
        }
    }

    /// Everything posted so far (emptying the mailbox).
    public func take() -> [Message] {
        while let bytes = try? wake.read.read(upTo: 64), !bytes.isEmpty {}
        return state.withLock { state in
            defer { state.messages = [] }
            return state.messages
        }
    }

    /// Refuses further messages and drops the waiting ones.
    public func close() {
        state.withLock {
            $0.closed = true
            $0.messages = []
        }
    }
}
