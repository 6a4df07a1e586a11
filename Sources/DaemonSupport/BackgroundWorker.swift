import CLVSShims
import Glibc
import Synchronization

/// Runs blocking calls on a thread of its own, one at a time in the order they were submitted,
/// and hands each result back on an ``EventLoop``.
///
/// A loop that must never wait on the kernel (pulse, whose heartbeats a slow netlink answer would
/// hold up until the peer takes over) gives such calls here. The worker owns `Context` (a netlink
/// socket, say): the loop hands it over at creation and never touches it again, and jobs are the
/// only code that does.
///
/// The thread runs with its creator's signal mask (a daemon blocks its signals before any thread
/// exists, and reads them from a signalfd). When the creator is real-time (pulse), the thread runs
/// in the normal class at nice -10: never ahead of any real-time thread (the creator's loop, or
/// another daemon's), yet with ten times a normal process's share of a busy CPU, so a loaded
/// machine hardly delays a takeover's VIPs.
public final class BackgroundWorker<Context> {
    private let shared: WorkerShared<Context>
    private let loop: EventLoop
    private var watch: EventLoop.WatchID?
    private var completions: [UInt64: (any Sendable) -> Void] = [:]
    private var nextID: UInt64 = 1
    /// The worker's name, for its thread (at most 15 characters are kept) and messages.
    public let name: String
    /// Called on the loop each time the last pending completion has run (the backlog is empty).
    public var onDrained: () -> Void = {}

    /// Starts the thread; `context` belongs to it from now on.
    public init(name: String, context: sending Context, loop: EventLoop) throws(SystemCallError) {
        self.name = name
        self.loop = loop
        let jobs = try FileDescriptor.makePipe()
        let results: (read: FileDescriptor, write: FileDescriptor)
        do {
            try jobs.write.setNonBlocking()
            results = try FileDescriptor.makePipe(nonBlocking: true)
        } catch {
            jobs.read.closeQuietly()
            jobs.write.closeQuietly()
            throw error
        }
        shared = WorkerShared(name: name, context: context, jobs: jobs, results: results)
        let started = shared.startThread()
        guard started == 0 else {
            throw SystemCallError(call: "pthread_create", object: "worker \(name)", errno: started)
        }
        watch = loop.watch(results.read, for: .readable) { [unowned self] _ in deliverResults() }
    }

    deinit { shutDown() }

    /// Queues `work` to run on the worker's thread after every job submitted before it;
    /// `completion` then runs on the loop with its result. Never blocks.
    public func submit<Result: Sendable>(
        _ work: @escaping @Sendable (Context) -> Result, then completion: @escaping (Result) -> Void
    ) {
        guard watch != nil else { return }
        let id = nextID
        nextID += 1
        completions[id] = { completion($0 as! Result) }
        shared.enqueue(id) { context in work(context) }
    }

    /// Jobs submitted whose completion has not run yet.
    public var backlog: Int { completions.count }

    /// Stops taking jobs; the thread ends once the job it runs (if any) is done. Completions still
    /// pending are dropped.
    public func shutDown() {
        guard let watch else { return }
        loop.unwatch(watch)
        self.watch = nil
        completions = [:]
        shared.close()
    }

    private func deliverResults() {
        let results = shared.takeResults()
        for (id, result) in results {
            completions.removeValue(forKey: id)?(result)
        }
        if !results.isEmpty, completions.isEmpty { onDrained() }
    }
}

/// The half of a ``BackgroundWorker`` both threads see: the job and result queues and the pipes
/// that wake each side. The thread holds a reference until it ends; the descriptors close with
/// the last reference.
final class WorkerShared<Context>: @unchecked Sendable {
    private struct Queues {
        var jobs: [(id: UInt64, work: @Sendable (Context) -> any Sendable)] = []
        var results: [(id: UInt64, result: any Sendable)] = []
        var closing = false
    }

    private let queues = Mutex(Queues())
    /// Touched only on the worker's thread (jobs run there).
    private nonisolated(unsafe) let context: Context
    private let name: String
    private let jobs: (read: FileDescriptor, write: FileDescriptor)
    private let results: (read: FileDescriptor, write: FileDescriptor)
    /// Whether the creator runs real-time, read when the thread is started (a thread does not
    /// inherit the class when the creator runs with `SCHED_RESET_ON_FORK`, as pulse does).
    private var creatorIsRealtime = false

    init(
        name: String, context: sending Context, jobs: (read: FileDescriptor, write: FileDescriptor),
        results: (read: FileDescriptor, write: FileDescriptor)
    ) {
        self.name = name
        self.context = context
        self.jobs = jobs
        self.results = results
    }

    deinit {
        for descriptor in [jobs.read, jobs.write, results.read, results.write] { descriptor.closeQuietly() }
    }

    /// Starts the detached thread; returns `pthread_create`'s result.
    func startThread() -> Int32 {
        creatorIsRealtime = RealtimeScheduling.isRealtime
        // The thread holds a reference until it ends.
        return DetachedThread.start { [self] in run() }
    }

    func enqueue(_ id: UInt64, _ work: @escaping @Sendable (Context) -> any Sendable) {
        queues.withLock { $0.jobs.append((id, work)) }
        Self.poke(jobs.write)
    }

    func takeResults() -> [(id: UInt64, result: any Sendable)] {
        var byte = [UInt8](repeating: 0, count: 256)
        while Glibc.read(results.read.rawValue, &byte, byte.count) > 0 {}
        return queues.withLock { queues in
            defer { queues.results = [] }
            return queues.results
        }
    }

    func close() {
        queues.withLock {
            $0.closing = true
            $0.jobs = []
        }
        Self.poke(jobs.write)
    }

    func run() {
        // Normal class (a real-time worker would compete with the heartbeat loops), favoured.
        RealtimeScheduling.leaveRealtime(nice: creatorIsRealtime ? RealtimeScheduling.favouredNice : nil)
        _ = lvs_thread_set_name(name)
        var byte: UInt8 = 0
        while true {
            let got = Glibc.read(jobs.read.rawValue, &byte, 1)
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { return }
            while let job = queues.withLock({ queues -> (id: UInt64, work: @Sendable (Context) -> any Sendable)? in
                queues.jobs.isEmpty ? nil : queues.jobs.removeFirst()
            }) {
                let result = job.work(context)
                let delivered = queues.withLock { queues -> Bool in
                    guard !queues.closing else { return false }
                    queues.results.append((job.id, result))
                    return true
                }
                if delivered { Self.poke(results.write) }
            }
            if queues.withLock({ $0.closing }) { return }
        }
    }

    /// One byte on a non-blocking pipe: a full pipe already has the reader awake.
    private static func poke(_ descriptor: FileDescriptor) {
        var byte: UInt8 = 1
        _ = Glibc.write(descriptor.rawValue, &byte, 1)
    }
}
