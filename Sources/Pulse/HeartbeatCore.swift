import Addressing
import DaemonSupport
import Heartbeat
import Logging
import VRRP

/// pulse's heartbeat path, alone on a real-time thread of its own: the heartbeat sockets, the
/// sender and receiver, and the ``FailoverStateMachine`` that judges the peer and decides.
///
/// Nothing else runs on its thread, so nothing else can make a heartbeat late: parsing a reload,
/// answering control requests (a status listing thousands of VIPs), writing the log, supervising
/// lvsd all happen on pulse's main loop, which runs in the normal class. The two talk through
/// mailboxes. The main loop sends events (``HeartbeatCommand``); this thread sends back what the
/// machine decided that is not a heartbeat (``HeartbeatReport``): activate, deactivate, lvsd,
/// answers, log lines. Each command costs this thread a constant amount of work: a reload reaches
/// it as the machine's new timing, already read and checked.
final class HeartbeatCore: @unchecked Sendable {
    // Touched only on the heartbeat thread once it runs (``run(on:)``).
    private var machine: FailoverStateMachine
    private var sender: HeartbeatSender?
    private var receiver: HeartbeatReceiver?
    private let sockets: [HeartbeatPath: HeartbeatSocket]
    private let peer: HeartbeatPeer?
    private let port: UInt16
    private var deadtime: Duration
    private var loop: EventLoop?
    private var wakeTimer: EventLoop.TimerID?
    private var pendingEvents: [FailoverEvent] = []
    private var dispatching = false
    private var answers: [FailoverAnswer] = []
    private var exited = false
    /// When a heartbeat that passed every check last arrived on each path.
    private var lastValidHeartbeat: [HeartbeatPath: ContinuousClock.Instant] = [:]
    /// Send failures are logged at most once per path per deadtime.
    private var sendFailureLogged: [HeartbeatPath: ContinuousClock.Instant] = [:]
    private var logLines = ElectionThreadLog(thread: "heartbeat")
    /// The VIP guard's pipe: a byte per heartbeat sent is this thread's sign of life.
    private var guardFeed = VIPGuardFeed()

    /// What the main loop asks; read on the heartbeat thread.
    let commands: Mailbox<HeartbeatCommand>
    /// What the machine decided that the main loop carries out.
    let reports: Mailbox<HeartbeatReport>

    /// Log lines waiting for the main loop beyond this are dropped (and counted): a main loop that
    /// fell behind must not make this thread allocate without end.
    static let reportBacklogLimit = 4096

    init(
        machine: FailoverStateMachine, sender: HeartbeatSender?, receiver: HeartbeatReceiver?,
        sockets: [HeartbeatPath: HeartbeatSocket], peer: HeartbeatPeer?, port: UInt16, deadtime: Duration
    ) throws(SystemCallError) {
        self.machine = machine
        self.sender = sender
        self.receiver = receiver
        self.sockets = sockets
        self.peer = peer
        self.port = port
        self.deadtime = deadtime
        commands = try Mailbox(name: "heartbeat commands")
        reports = try Mailbox(name: "heartbeat reports")
    }

    /// Watches the sockets and the command mailbox on `loop`, the heartbeat thread's own.
    func run(on loop: EventLoop) {
        self.loop = loop
        for (path, socket) in sockets {
            loop.watch(socket.descriptor, for: .readable) { [unowned self] _ in
                noticeStall()
                receiveHeartbeats(on: socket, path: path)
            }
        }
        commands.deliver(on: loop) { [unowned self] batch in
            noticeStall()
            for command in batch where !exited { handle(command) }
        }
    }

    // MARK: - Commands

    private func handle(_ command: HeartbeatCommand) {
        switch command {
        case .event(let event):
            dispatch(event)
        case .handOver(let event, let id):
            answers = []
            dispatch(event)
            report(.answer(id: id, answers.last, status))
            answers = []
        case .status:
            report(.status(status))
        case .reconfigure(let configuration, let timing, let id):
            let wake: [FailoverAction]
            do {
                wake = try machine.reconfigure(configuration, at: now)
            } catch {
                report(.reconfigured(id: id, failure: "\(error)"))
                return
            }
            deadtime = timing.deadtime
            receiver?.deadtime = timing.deadtime
            receiver?.keepalive = timing.keepalive
            sender?.configSerial = timing.configSerial
            // The next heartbeat goes out within one new keepalive: count the guard's silence
            // from here with the new limit (pulse replaces the guard itself right after).
            guardFeed.relimit(VIPGuardWatch.limit(keepalive: timing.keepalive, deadtime: timing.deadtime), at: now)
            for action in wake { perform(action) }
            report(.reconfigured(id: id, failure: nil))
        case .reconfigureVRRP(_, _, let id):
            report(.reconfigured(id: id, failure: "pulse runs its own heartbeats here, not VRRP"))
        case .attachGuard(let sink, let limit):
            guardFeed.attach(sink, limit: limit, at: now)
        case .stop(let reason):
            dispatch(.stop(reason))
            // Already stopping: the machine has nothing more to say; exit all the same.
            if !exited { perform(.exit) }
        }
    }

    private var now: ContinuousClock.Instant { loop?.now ?? .now }

    private var status: FailoverStatus { machine.status(at: now) }

    // MARK: - Events and actions

    /// Feeds `event` to the machine and performs what it returns; events raised while performing
    /// are handled after, in order.
    private func dispatch(_ event: FailoverEvent) {
        pendingEvents.append(event)
        guard !dispatching else { return }
        dispatching = true
        defer { dispatching = false }
        while !pendingEvents.isEmpty {
            let next = pendingEvents.removeFirst()
            for action in machine.handle(next, at: now) where !exited {
                perform(action)
            }
        }
    }

    private func perform(_ action: FailoverAction) {
        switch action {
        case .sendHeartbeat(let state, let table):
            sendHeartbeat(state, table: table)
        case .wakeUp(let at):
            guard let loop else { return }
            if let wakeTimer { loop.cancel(wakeTimer) }
            wakeTimer = loop.schedule(at: at) { [unowned self] in
                wakeTimer = nil
                noticeStall()
                dispatch(.tick)
            }
        case .answer(_, let answer):
            answers.append(answer)
        case .log(let entry):
            log(Logger.Level(entry.severity), entry.message)
        case .exit:
            // The peer takes over at once on "stopping"; a second one in case the first was lost.
            sendHeartbeat(.stopping, table: lastAnnouncedTable)
            // The guard's pipe stays open: pulse ends its guard (SIGKILL) before it could see an
            // end of file and take down VIPs that pulse is letting go of itself.
            exited = true
            if let wakeTimer { loop?.cancel(wakeTimer) }
            report(.perform(.exit, holdsVIPs: machine.state.holdsVIPs))
            loop?.stop()
        case .activate, .deactivate, .startLVSD, .stopLVSD, .sendGratuitousARPs:
            report(.perform(action, holdsVIPs: machine.state.holdsVIPs))
        }
    }

    /// The table readiness the last heartbeat announced (the machine's own, which lvsd reports).
    private var lastAnnouncedTable = TableReadiness.unreported

    private func report(_ report: HeartbeatReport) {
        reports.post(report)
    }

    private func log(_ level: Logger.Level, _ message: String) {
        logLines.log(level, message, to: reports)
    }

    // MARK: - The VIP guard

    /// Run first whenever this thread wakes: a silence past the guard's limit means pulse was
    /// stopped or starved, the guard took the VIPs down and the partner is taking over; the
    /// machine hears of it before any heartbeat that waited meanwhile.
    private func noticeStall() {
        guard !exited, let silence = guardFeed.stall(at: now) else { return }
        dispatch(.stalled(silence))
    }

    private func signOfLife() { guardFeed.signOfLife(at: now) }

    // MARK: - Heartbeats

    /// `.sendHeartbeat`: one datagram per path, from that path's socket to the peer's address.
    private func sendHeartbeat(_ state: HeartbeatState, table: TableReadiness) {
        guard var sender, let peer else { return }
        lastAnnouncedTable = table
        let datagrams = sender.datagrams(
            announcing: state, table: table, echo: receiver?.echo ?? .none, at: WallClockTime.now())
        self.sender = sender
        for datagram in datagrams {
            guard let socket = sockets[datagram.path] ?? sockets[.public],
                let address = peer.address(on: datagram.path)
            else { continue }
            // The peer answered on this path lately: its neighbour entry is good (see HeartbeatSocket.send).
            let confirmed = lastValidHeartbeat[datagram.path].map { now - $0 < deadtime } ?? false
            do {
                try socket.send(datagram.bytes, to: address, port: port, confirmingNeighbour: confirmed)
            } catch {
                // A cut link fails every send: say so once a deadtime, not 20 times a second.
                let now = now
                if let last = sendFailureLogged[datagram.path], now - last < max(deadtime, .seconds(1)) {
                    continue
                }
                sendFailureLogged[datagram.path] = now
                log(.warning, "\(error) (\(datagram.path) path)")
            }
        }
        signOfLife()
    }

    /// Reads what waits on `socket` (at most 64 datagrams a turn) and feeds it to the machine.
    private func receiveHeartbeats(on socket: HeartbeatSocket, path: HeartbeatPath) {
        guard var receiver, !exited else { return }
        defer { self.receiver = receiver }
        for _ in 0..<64 {
            let datagram: (bytes: [UInt8], source: IPAddress)?
            do {
                datagram = try socket.receive()
            } catch {
                log(.warning, "\(error)")
                return
            }
            guard let datagram else { return }
            let result = receiver.receive(datagram.bytes, from: datagram.source, ownSequence: sender?.sequence ?? 0)
            // The receiver's replay state must be current before the machine acts (it may
            // deactivate, which sends heartbeats but never reads them).
            self.receiver = receiver
            switch result {
            case .success(let heartbeat):
                lastValidHeartbeat[heartbeat.path] = now
                dispatch(.heartbeatReceived(heartbeat))
            case .failure(let rejection):
                dispatch(.heartbeatDropped(rejection))
            }
            if receiver.takeEchoRequest() {
                self.receiver = receiver
                dispatch(.echoRequested)
            }
        }
    }
}

/// What pulse's main loop asks of the heartbeat thread (``HeartbeatCore``).
enum HeartbeatCommand: Sendable {
    /// An event for the state machine (lvsd's readiness, an activation's outcome, a link).
    case event(FailoverEvent)
    /// `lvsctl failover` / `takeover`: answered with ``HeartbeatReport/answer(id:_:_:)``.
    case handOver(FailoverEvent, id: UInt64)
    /// The machine's status, answered with ``HeartbeatReport/status(_:)``.
    case status
    /// A reload's new timing, read and checked on the main loop's side: answered with
    /// ``HeartbeatReport/reconfigured(id:failure:)``.
    case reconfigure(FailoverConfiguration, HeartbeatTiming, id: UInt64)
    /// The same with VRRP: the election's new configuration and receive checks.
    case reconfigureVRRP(VRRPElectionConfiguration, VRRPAdvertFilter, id: UInt64)
    /// The VIP guard's pipe (non-blocking; the thread owns it from now on and closes the one before)
    /// and its limit.
    case attachGuard(FileDescriptor, limit: Duration)
    /// A signal to stop: the machine says goodbye to the peer and exits.
    case stop(String)
}

/// The heartbeat settings a reload may change.
struct HeartbeatTiming: Sendable {
    var keepalive: Duration
    var deadtime: Duration
    var configSerial: UInt32
}

/// What the heartbeat thread hands back to pulse's main loop.
enum HeartbeatReport: Sendable {
    /// An action for the main loop (activate, deactivate, lvsd, gratuitous ARPs, exit), with
    /// whether the machine holds the VIPs once it is done.
    case perform(FailoverAction, holdsVIPs: Bool)
    /// A line for the log.
    case log(Logger.Level, String)
    /// The answer to a hand-over request (nil: the machine is stopping), and the status after it.
    case answer(id: UInt64, FailoverAnswer?, FailoverStatus)
    /// The machine's status.
    case status(FailoverStatus)
    /// A reload's timing applied (`failure` nil) or refused.
    case reconfigured(id: UInt64, failure: String?)
}
