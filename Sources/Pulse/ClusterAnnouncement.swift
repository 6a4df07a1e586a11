import Addressing
import Control
import DaemonSupport
import Logging
import RouteAnnouncement

/// An active-active director's announcements (`cluster_mode = bgp`): what this director can
/// serve, as ``AnnouncementPolicy`` decides from lvsd's readiness, the real servers available per
/// VIP, the VIPs up here and the admin's drain, written for BIRD by a ``BirdAnnouncer`` on a
/// worker thread (BIRD may take seconds to answer; the loop never waits for it). A change made
/// while BIRD is busy is sent once it answers; a failure is tried again every second.
final class ClusterAnnouncement {
    /// How the director stands, as pulse's loop knows it.
    struct Inputs {
        var lvsdRunning: Bool
        var tableReady: Bool
        var vips: [IPAddress]
        var held: Set<IPAddress>
    }

    /// How long pulse waits after BIRD withdrew its VIPs before it stops: the routers must get
    /// the withdrawal and change their forwarding before this director's table goes away.
    static let settleDelay: Duration = .milliseconds(500)
    /// How long a failed announcement waits before it is tried again.
    static let retryDelay: Duration = .seconds(1)

    private(set) var membership: ClusterMembership
    private let worker: BackgroundWorker<BirdLink>
    private let loop: EventLoop
    private let logger: Logger
    private(set) var drained = false
    private var stopping = false
    /// Real servers available per VIP, as lvsd last wrote.
    private var available: [IPAddress: Int] = [:]
    private var inputs = Inputs(lvsdRunning: false, tableReady: false, vips: [], held: [])
    private(set) var decisions: [IPAddress: AnnouncementPolicy.Decision] = [:]
    /// What BIRD should announce: the VIPs ``decisions`` announce.
    private var wanted: Set<IPAddress> { Set(decisions.compactMap { $0.value == .announce ? $0.key : nil }) }
    /// What BIRD was last told successfully.
    private var applied: (vips: Set<IPAddress>, sessions: BirdSessions)?
    private var busy = false
    private var retry: EventLoop.TimerID?
    private(set) var lastError: String?
    /// Called (once each) when BIRD has what is wanted, or could not be told (the error).
    private var waiters: [(String?) -> Void] = []

    init(membership: ClusterMembership, loop: EventLoop, logger: Logger) throws(SystemCallError) {
        self.membership = membership
        self.loop = loop
        self.logger = logger
        worker = try BackgroundWorker(
            name: "pulse-bird",
            context: BirdLink(BirdAnnouncer(includePath: membership.settings.birdInclude, control: membership.control)),
            loop: loop)
    }

    // MARK: Inputs

    /// The loop's view of the director changed.
    func update(_ inputs: Inputs) {
        self.inputs = inputs
        decide()
    }

    /// lvsd said how many real servers are available on `vip`.
    func realServers(_ count: Int, on vip: IPAddress) {
        guard available[vip] != count else { return }
        available[vip] = count
        decide()
    }

    /// A reload changed the cluster's settings.
    func reconfigure(_ membership: ClusterMembership) {
        guard membership != self.membership else { return }
        self.membership = membership
        worker.submit({ link in
            link.announcer.includePath = membership.settings.birdInclude
            link.announcer.control = membership.control
        }) { [unowned self] in send() }
    }

    /// `drain-director` (true) or `enable-director` (false); `done` once BIRD has it, or with
    /// the reason it could not be told.
    func setDrained(_ drained: Bool, done: @escaping (String?) -> Void) {
        self.drained = drained
        waiters.append(done)
        decide()
    }

    /// pulse stops: everything is withdrawn; `done` once BIRD has it (or could not be told).
    func withdrawAll(done: @escaping (String?) -> Void) {
        stopping = true
        waiters.append(done)
        decide()
    }

    /// The status part: each VIP's decision, BIRD's sessions asked on the worker.
    func status(_ completion: @escaping (ClusterStatus) -> Void) {
        let vips = inputs.vips.map { vip -> ClusterStatus.VIP in
            let decision = decisions[vip] ?? .withdraw("not decided yet")
            let reason: String? = if case .withdraw(let why) = decision { why } else { nil }
            return ClusterStatus.VIP(
                address: "\(vip)", announced: decision == .announce, reason: reason, realServers: available[vip])
        }
        let routers = membership.settings.neighbors.map(\.address)
        let socket = membership.settings.birdSocket
        let drained = drained
        worker.submit({ link -> Result<BirdReply, BirdControlError> in
            Result { () throws(BirdControlError) in try link.announcer.control.run("show protocols") }
        }) { [lastError] (result: Result<BirdReply, BirdControlError>) in
            var status = ClusterStatus(drained: drained, vips: vips, birdError: lastError, birdSocket: socket)
            switch result {
            case .success(let reply):
                let protocols = BirdProtocolStatus.list(from: reply)
                status.sessions = routers.indices.map { index in
                    let name = BirdSessions.protocolName(index)
                    let found = protocols.first { $0.name == name }
                    return ClusterStatus.Session(
                        name: name, router: "\(routers[index])", state: found?.state ?? "missing",
                        info: found?.info ?? "BIRD has no such protocol: does bird.conf include the file?")
                }
            case .failure(let error):
                status.birdError = "\(error)"
            }
            completion(status)
        }
    }

    /// Stops the worker (after its queue).
    func shutDown() {
        if let retry { loop.cancel(retry) }
        retry = nil
        worker.shutDown()
    }

    // MARK: Deciding and telling BIRD

    private func decide() {
        var services: [IPAddress: [AnnouncementPolicy.Service]] = [:]
        for vip in inputs.vips {
            services[vip] = [AnnouncementPolicy.Service(name: "\(vip)", realServersUp: available[vip] ?? 0)]
        }
        let state = AnnouncementPolicy.DirectorState(
            lvsdRunning: inputs.lvsdRunning, tableReady: inputs.tableReady, drained: drained, services: services,
            held: inputs.held, stopping: stopping)
        let next = AnnouncementPolicy.decide(state)
        for line in AnnouncementPolicy.changes(from: decisions, to: next) { logger.notice("\(line)") }
        decisions = next
        send()
    }

    private func send() {
        guard !busy else { return }
        let sessions = membership.sessions
        if let applied, applied.vips == wanted, applied.sessions == sessions {
            return answerWaiters(nil)
        }
        if let retry {
            loop.cancel(retry)
            self.retry = nil
        }
        busy = true
        let vips = wanted
        worker.submit({ link -> Result<Bool, BirdAnnouncerError> in
            Result { () throws(BirdAnnouncerError) in try link.announcer.announce(vips, sessions: sessions) }
        }) { [unowned self] (result: Result<Bool, BirdAnnouncerError>) in
            busy = false
            switch result {
            case .success:
                applied = (vips, sessions)
                if lastError != nil { logger.notice("BIRD answers again: its VIPs are up to date") }
                lastError = nil
                logger.info(
                    "BIRD announces \(vips.isEmpty ? "no VIP" : vips.sorted().map(\.description).joined(separator: ", "))"
                )
                send()
            case .failure(let error):
                applied = nil
                if lastError != "\(error)" { logger.error("cannot tell BIRD which VIPs to announce: \(error)") }
                lastError = "\(error)"
                answerWaiters("\(error)")
                retry = loop.schedule(after: Self.retryDelay) { [unowned self] in
                    retry = nil
                    send()
                }
            }
        }
    }

    private func answerWaiters(_ failure: String?) {
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter(failure) }
    }
}

/// The announcer, owned by the worker thread (its state, what BIRD was last told, changes there).
final class BirdLink {
    var announcer: BirdAnnouncer
    init(_ announcer: BirdAnnouncer) { self.announcer = announcer }
}
