import CLVSShims
import Glibc

/// A thread of its own running an ``EventLoop``: what must never wait behind anything else (pulse's
/// heartbeats) gets its own loop here, and talks with the rest through ``Mailbox``es.
///
/// The thread starts with its creator's signal mask (a daemon blocks its signals before any thread
/// exists and reads them on its main loop). With `realtime`, it runs in `SCHED_RR` at
/// ``RealtimeScheduling/priority`` when the process may (it does not inherit the class: pulse sets
/// it with `SCHED_RESET_ON_FORK`).
public final class LoopThread: Sendable {
    /// The thread's name (at most 15 characters are kept), for `top -H` and messages.
    public let name: String

    private final class Body: @unchecked Sendable {
        let name: String
        let realtime: Bool
        let setUp: (EventLoop) -> Void
        init(name: String, realtime: Bool, setUp: @escaping (EventLoop) -> Void) {
            self.name = name
            self.realtime = realtime
            self.setUp = setUp
        }

        func run() {
            _ = lvs_thread_set_name(name)
            if realtime { _ = RealtimeScheduling.enterRealtime() }
            let loop = EventLoop()
            setUp(loop)
            // A loop that fails to wait has nothing left to do on this thread: what it served
            // notices the silence (pulse's peer takes over, as if this director had died).
            try? loop.run()
        }
    }

    /// Starts the thread. `setUp` runs on it with the thread's own loop (watch descriptors,
    /// schedule timers, deliver mailboxes there); the loop then runs until it is stopped or has
    /// nothing left to wait for, and the thread ends.
    public init(name: String, realtime: Bool, setUp: @escaping (EventLoop) -> Void) throws(SystemCallError) {
        self.name = name
        let body = Body(name: name, realtime: realtime, setUp: setUp)
        let started = DetachedThread.start { body.run() }
        guard started == 0 else {
            throw SystemCallError(call: "pthread_create", object: "thread \(name)", errno: started)
        }
    }
}
