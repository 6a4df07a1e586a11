import Logging

/// The fos daemon's decisions, pure: which failover service to start or stop next, and when to
/// give up so that the partner director takes over. Events in, ``Action``s out; the daemon
/// (``FOSDaemon``) runs the commands and nannies and reports back.
///
/// - Services start one after another in file order: `start_cmd`, and once it succeeded, its
///   nanny `--fos`. One command runs at a time, so a `stop_cmd` never overlaps a `start_cmd`.
/// - Any failure (a `start_cmd` that fails or overruns its limit, a nanny that exits) fails the
///   director as a whole, as Piranha's FOS did: every nanny is stopped, every service started is
///   stopped with its `stop_cmd`, last started first, and the daemon exits with
///   ``failureStatus``; pulse then lets its partner take over.
/// - A stop (SIGTERM from pulse) stops every service the same way and exits 0. A command under
///   way finishes first (each is bounded by the daemon's command limit).
/// - A reload starts what is new, stops what is gone (with its old `stop_cmd`), and restarts a
///   service whose commands, address or check changed; the rest run on untouched.
public struct FailoverServiceSupervisor: Sendable {
    /// Something that happened.
    public enum Event: Hashable, Sendable {
        /// Start these services (the daemon's start).
        case begin([FailoverServiceLaunch])
        /// The command asked for last (``Action/runCommand(_:_:of:)``) ended; `succeeded` when it
        /// exited 0, `how` for the log ("exited with status 1", "killed after 30 s").
        case commandEnded(succeeded: Bool, how: String)
        /// A service's nanny exited; `how` for the log.
        case watchEnded(service: String, how: String)
        /// Stop everything and exit (SIGTERM, SIGINT).
        case stop(String)
        /// lvs.cf was read again: these are the services now.
        case reload([FailoverServiceLaunch])
    }

    /// What to do, in order.
    public enum Action: Hashable, Sendable {
        /// Run a command (start or stop) of a service; report ``Event/commandEnded(succeeded:how:)``.
        case runCommand(CommandKind, [String], of: String)
        /// Start the nanny watching a service.
        case startWatch(service: String, [String])
        /// Stop a service's nanny (SIGTERM); its exit is expected and reported all the same.
        case stopWatch(service: String)
        /// Write a line to the log.
        case log(Logger.Level, String)
        /// Exit with this status.
        case exit(Int32)
    }

    /// `start_cmd` or `stop_cmd`.
    public enum CommandKind: String, Hashable, Sendable {
        /// `start_cmd`.
        case start = "start_cmd"
        /// `stop_cmd`.
        case stop = "stop_cmd"
    }

    /// The status the daemon exits with when a service failed (pulse fails over at once).
    public static let failureStatus: Int32 = 3

    private enum Operation: Hashable {
        case start(FailoverServiceLaunch)
        case stop(FailoverServiceLaunch)
    }

    /// The services started (their `start_cmd` ran, even if it failed), in the order they started.
    private var started: [FailoverServiceLaunch] = []
    /// Services with a nanny watching.
    private var watched: Set<String> = []
    private var queue: [Operation] = []
    private var current: Operation?
    /// Why the daemon is ending, once it is: exit status and nothing new starts.
    private var ending: Int32?
    private var exited = false

    /// A supervisor with nothing started.
    public init() {}

    /// The services running (started and watched), in start order.
    public var running: [String] { started.map(\.name).filter { watched.contains($0) } }

    /// Handles one event; returns what to do.
    public mutating func handle(_ event: Event) -> [Action] {
        guard !exited else { return [] }
        var actions: [Action] = []
        switch event {
        case .begin(let launches):
            queue += launches.map(Operation.start)
        case .commandEnded(let succeeded, let how):
            commandEnded(succeeded: succeeded, how: how, into: &actions)
        case .watchEnded(let name, let how):
            guard watched.remove(name) != nil else { break }
            if ending == nil {
                fail("failover service '\(name)' failed (its nanny \(how))", into: &actions)
            }
        case .stop(let reason):
            if ending == nil {
                actions.append(.log(.notice, "\(reason): stopping the failover services"))
                end(status: 0, into: &actions)
            }
        case .reload(let launches):
            guard ending == nil else { break }
            reload(launches, into: &actions)
        }
        next(into: &actions)
        return actions
    }

    private mutating func commandEnded(succeeded: Bool, how: String, into actions: inout [Action]) {
        guard let operation = current else { return }
        current = nil
        switch operation {
        case .start(let launch):
            guard succeeded else {
                fail("start_cmd of failover service '\(launch.name)' \(how)", into: &actions)
                return
            }
            actions.append(.log(.info, "failover service '\(launch.name)' started; watching it"))
            // Not when stopping, nor when a reload stops it again meanwhile.
            if ending == nil, started.contains(launch) {
                watched.insert(launch.name)
                actions.append(.startWatch(service: launch.name, launch.watch))
            }
        case .stop(let launch):
            if succeeded {
                actions.append(.log(.info, "failover service '\(launch.name)' stopped"))
            } else {
                actions.append(.log(.error, "stop_cmd of failover service '\(launch.name)' \(how)"))
            }
        }
    }

    /// A service failed: everything stops, and the daemon exits with ``failureStatus``.
    private mutating func fail(_ reason: String, into actions: inout [Action]) {
        guard ending == nil else {
            actions.append(.log(.error, reason))
            return
        }
        actions.append(.log(.error, "\(reason): stopping every failover service; the partner director takes over"))
        end(status: Self.failureStatus, into: &actions)
    }

    /// Stops every nanny, then every service started, last first; nothing else starts.
    private mutating func end(status: Int32, into actions: inout [Action]) {
        ending = status
        for name in started.map(\.name).reversed() where watched.remove(name) != nil {
            actions.append(.stopWatch(service: name))
        }
        queue = started.reversed().map(Operation.stop)
        started = []
    }

    private mutating func reload(_ launches: [FailoverServiceLaunch], into actions: inout [Action]) {
        // What is queued or under way counts as started: compare with what will be running.
        let pendingStarts = queue.compactMap { if case .start(let l) = $0 { l } else { nil } }
        // `started` includes a service whose start_cmd is under way: it is stopped after it.
        let current = started + pendingStarts
        let wanted = Dictionary(launches.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var stops: [FailoverServiceLaunch] = []
        for old in current.reversed() where wanted[old.name] != old {
            stops.append(old)
        }
        let stoppedNames = Set(stops.map(\.name))
        let kept = Set(current.map(\.name)).subtracting(stoppedNames)
        let starts = launches.filter { !kept.contains($0.name) }
        guard !stops.isEmpty || !starts.isEmpty else {
            actions.append(.log(.info, "reload: the failover services are unchanged"))
            return
        }
        let describe = { (list: [FailoverServiceLaunch]) in list.map { "'\($0.name)'" }.joined(separator: ", ") }
        actions.append(
            .log(
                .notice,
                "reload: stopping \(stops.isEmpty ? "none" : describe(stops)), starting \(starts.isEmpty ? "none" : describe(starts))"
            ))
        // Queued starts of services that go or change are dropped; started ones are stopped.
        queue.removeAll { if case .start(let l) = $0 { stoppedNames.contains(l.name) } else { false } }
        for launch in stops where started.contains(launch) {
            if watched.remove(launch.name) != nil { actions.append(.stopWatch(service: launch.name)) }
            started.removeAll { $0 == launch }
            queue.append(.stop(launch))
        }
        queue += starts.map(Operation.start)
    }

    /// Starts the next queued operation when nothing runs; exits when ending and nothing is left.
    private mutating func next(into actions: inout [Action]) {
        while current == nil {
            guard !queue.isEmpty else {
                if let ending, !exited {
                    exited = true
                    actions.append(.exit(ending))
                }
                return
            }
            let operation = queue.removeFirst()
            current = operation
            switch operation {
            case .start(let launch):
                started.append(launch)
                actions.append(.runCommand(.start, launch.start, of: launch.name))
            case .stop(let launch):
                actions.append(.runCommand(.stop, launch.stop, of: launch.name))
            }
        }
    }
}
