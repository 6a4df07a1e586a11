import Addressing
import DaemonSupport
import Heartbeat
import Logging
import VRRP

/// pulse's election with `heartbeat_protocol = vrrp`, alone on the real-time thread like
/// ``HeartbeatCore``: the VRRP socket, the receive checks (``VRRPAdvertFilter``) and the
/// ``VRRPElection``. It speaks to the main loop in the same commands and reports, so that lvsd,
/// the VIPs, the control socket and the VIP guard work as with pulse's own heartbeats.
final class VRRPCore: @unchecked Sendable {
    // Touched only on the election thread once it runs.
    private var election: VRRPElection
    private var filter: VRRPAdvertFilter
    private let socket: VRRPSocket
    private let destinations: [IPAddress]
    private var loop: EventLoop?
    private var wakeTimer: EventLoop.TimerID?
    private var pendingEvents: [FailoverEvent] = []
    private var dispatching = false
    private var answers: [FailoverAnswer] = []
    private var exited = false
    /// Send failures are logged at most once a second.
    private var sendFailureLogged: ContinuousClock.Instant?
    private var logLines = ElectionThreadLog(thread: "VRRP")
    /// The VIP guard's pipe: a byte per advertisement sent or master heard is this thread's sign of life.
    private var guardFeed = VIPGuardFeed()

    let commands: Mailbox<HeartbeatCommand>
    let reports: Mailbox<HeartbeatReport>

    init(
        election: VRRPElection, filter: VRRPAdvertFilter, socket: VRRPSocket, destinations: [IPAddress]
    ) throws(SystemCallError) {
        self.election = election
        self.filter = filter
        self.socket = socket
        self.destinations = destinations
        commands = try Mailbox(name: "VRRP commands")
        reports = try Mailbox(name: "VRRP reports")
    }

    private var now: ContinuousClock.Instant { loop?.now ?? .now }

    // MARK: - Commands

    private func handle(_ command: HeartbeatCommand) {
        switch command {
        case .event(let event):
            dispatch(event)
        case .handOver(let event, let id):
            answers = []
            dispatch(event)
            reports.post(.answer(id: id, answers.last, election.status(at: now)))
            answers = []
        case .status:
            reports.post(.status(election.status(at: now)))
        case .reconfigure(_, _, let id):
            reports.post(.reconfigured(id: id, failure: "pulse runs VRRP here, not its own heartbeats"))
        case .reconfigureVRRP(var configuration, let newFilter, let id):
            configuration.ownAddress = socket.source
            election.reconfigure(configuration)
            filter = newFilter
            reports.post(.reconfigured(id: id, failure: nil))
        case .attachGuard(let sink, let limit):
            guardFeed.attach(sink, limit: limit, at: now)
        case .stop(let reason):
            dispatch(.stop(reason))
            if !exited { perform(.failover(.exit)) }
        }
    }

    private func dispatch(_ event: FailoverEvent) {
        pendingEvents.append(event)
        guard !dispatching else { return }
        dispatching = true
        defer { dispatching = false }
        while !pendingEvents.isEmpty {
            let next = pendingEvents.removeFirst()
            for action in election.handle(next, at: now) where !exited { perform(action) }
        }
    }

    private func perform(_ action: VRRPAction) {
        switch action {
        case .advertise(let priority):
            advertise(priority)
        case .failover(let failover):
            perform(failover)
        }
    }

    private func perform(_ action: FailoverAction) {
        switch action {
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
            exited = true
            if let wakeTimer { loop?.cancel(wakeTimer) }
            reports.post(.perform(.exit, holdsVIPs: election.holdsVIPs))
            loop?.stop()
        case .sendHeartbeat:
            break
        case .activate, .deactivate, .startLVSD, .stopLVSD, .sendGratuitousARPs:
            reports.post(.perform(action, holdsVIPs: election.holdsVIPs))
        }
    }

    private func log(_ level: Logger.Level, _ message: String) {
        logLines.log(level, message, to: reports)
    }

    // MARK: - The VIP guard

    /// As ``HeartbeatCore``: a silence past the guard's limit means the guard took the VIPs down.
    private func noticeStall() {
        guard !exited, let silence = guardFeed.stall(at: now) else { return }
        dispatch(.stalled(silence))
    }

    private func signOfLife() { guardFeed.signOfLife(at: now) }

    // MARK: - Advertisements

    private func advertise(_ priority: UInt8) {
        let advertisement = election.configuration.advertisement(priority: priority)
        for destination in destinations {
            let bytes = VRRPPacketCodec.encode(
                advertisement, from: socket.source, to: destination, checksum: filter.checksum)
            do {
                try socket.send(bytes, to: destination)
            } catch {
                let now = now
                if let last = sendFailureLogged, now - last < .seconds(1) { continue }
                sendFailureLogged = now
                log(.warning, "\(error)")
            }
        }
        signOfLife()
    }

    /// Reads what waits (at most 64 packets a turn) and feeds the election.
    private func receiveAdvertisements() {
        guard !exited else { return }
        for _ in 0..<64 {
            let packet: VRRPReceivedPacket?
            do {
                packet = try socket.receive()
            } catch {
                log(.warning, "\(error)")
                return
            }
            guard let packet else { return }
            // Our own, looped back by a unicast peer list that names this director.
            if packet.source == socket.source { continue }
            let actions: [VRRPAction]
            switch filter.accept(
                packet.payload, from: packet.source, to: packet.destination, hopLimit: packet.hopLimit)
            {
            case .success(let advertisement):
                // A backup's sign of life for the VIP guard: it hears its master every interval.
                signOfLife()
                let mismatch = filter.addressMismatch(advertisement, from: packet.source)
                actions =
                    (mismatch.map { election.record($0, at: now) } ?? [])
                    + election.receive(advertisement, from: packet.source, at: now)
            case .failure(let rejection):
                actions = election.record(rejection, at: now)
            }
            for action in actions where !exited { perform(action) }
        }
    }
}

extension VRRPCore: ElectionCore {
    func run(on loop: EventLoop) {
        self.loop = loop
        // A backup advertises nothing and may hear nobody (no master yet, or a dead one): this
        // thread's sign of life to the VIP guard is its own turn every advertisement interval.
        let interval = election.configuration.advertInterval
        loop.scheduleRepeating(every: interval) { [unowned self] in
            noticeStall()
            signOfLife()
        }
        loop.watch(socket.descriptor, for: .readable) { [unowned self] _ in
            noticeStall()
            receiveAdvertisements()
        }
        commands.deliver(on: loop) { [unowned self] batch in
            noticeStall()
            for command in batch where !exited { handle(command) }
        }
    }
}
