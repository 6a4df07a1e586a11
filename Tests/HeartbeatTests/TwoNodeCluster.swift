import Addressing
import Heartbeat

/// Two directors on a virtual clock: the real state machines, senders and receivers, joined by a
/// simulated network with a latency and paths that can be cut. pulse's side is modelled the way
/// pulse will behave: actions run in order, an activation takes `activationTime` and then reports
/// back; VIPs count as held from the end of an activation to the next deactivation. lvsd, once
/// started, has checked every real server after `preparationTime` (its table is then ready); under
/// cold standby pulse reports the table cold while lvsd is not wanted.
struct TwoNodeCluster {
    struct Node {
        var machine: FailoverStateMachine
        var sender: HeartbeatSender
        var receiver: HeartbeatReceiver
        var running = true
        var holdsVIPs = false
        var wakeUp: ContinuousClock.Instant?
        var activations: [ContinuousClock.Instant] = []
        var deactivateAfterActivation = 0
        var failNextActivation: String?
        var gratuitousARPRounds = 0
        var answers: [FailoverAnswer] = []
        var logs: [FailoverLogEntry] = []
        var exited = false
        /// Table readiness changes pulse will report, and when.
        var tableChanges: [(at: ContinuousClock.Instant, readiness: TableReadiness)] = []
        /// Failover services: whether the service runs here (the fos daemon started it).
        var serviceRunning = false
        /// What pulse reports later: a stopped fos daemon, VIPs down.
        var reports: [(at: ContinuousClock.Instant, event: FailoverEvent)] = []

        var logText: String { logs.map(\.message).joined(separator: "\n") }
    }

    struct Datagram {
        var at: ContinuousClock.Instant
        var to: FailoverRole
        var from: IPAddress
        var bytes: [UInt8]
    }

    static let addresses: [FailoverRole: HeartbeatPeer] = [
        .primary: HeartbeatPeer(publicAddress: IPAddress("10.0.0.1")!, privateAddress: IPAddress("192.168.0.1")!),
        .backup: HeartbeatPeer(publicAddress: IPAddress("10.0.0.2")!, privateAddress: IPAddress("192.168.0.2")!),
    ]

    let t0 = ContinuousClock.now
    private(set) var now: ContinuousClock.Instant
    var nodes: [FailoverRole: Node] = [:]
    var inFlight: [Datagram] = []
    /// Every datagram sent, as a wire tap would see it (sent or not through a cut path).
    private(set) var tap: [Datagram] = []
    var latency: Duration = .milliseconds(1)
    /// Extra delay on one path (to reorder the paths).
    var extraLatency: [HeartbeatPath: Duration] = [:]
    var activationTime: Duration = .milliseconds(20)
    /// How long lvsd takes, once started, to have every real server checked (its table ready).
    var preparationTime: Duration = .zero
    /// Warm standby (lvsd on both directors) or Piranha's cold standby.
    var warmStandby = true
    var cutPaths: Set<HeartbeatPath> = []
    var keepalive: Duration = .seconds(1)
    var deadtime: Duration = .seconds(3)
    var wireProtocol: HeartbeatProtocol = .lvsrouter
    /// `service = fos`: release-first failover, the fos daemon in lvsd's place (cold).
    var failoverServices = false
    /// How long the fos daemon takes to run every stop_cmd and exit.
    var serviceStopTime: Duration = .milliseconds(200)
    /// Who ran the failover service from when: one entry per change.
    private(set) var serviceHistory: [(at: ContinuousClock.Instant, runners: Set<FailoverRole>)] = []
    var keys: [FailoverRole: HeartbeatKey] = [:]
    /// Who held the VIPs from when: one entry per change.
    private(set) var holderHistory: [(at: ContinuousClock.Instant, holders: Set<FailoverRole>)] = []
    private var boots: UInt64 = 1_000

    init() { now = t0 }

    /// Seconds since the start of the simulation.
    var elapsed: Duration { now - t0 }

    var holders: Set<FailoverRole> { Set(nodes.filter { $0.value.running && $0.value.holdsVIPs }.keys) }

    func wall(_ at: ContinuousClock.Instant) -> WallClockTime {
        WallClockTime(seconds: 1_700_000_000).advanced(by: at - t0)
    }

    /// Starts (or restarts) pulse on `role` now.
    mutating func start(_ role: FailoverRole, forceActive: Bool = false) {
        boots += 1
        let configuration = try! FailoverConfiguration(
            role: role, keepalive: keepalive, deadtime: deadtime, paths: [.public, .private],
            heartbeatProtocol: wireProtocol, forceActive: forceActive, warmStandby: warmStandby && !failoverServices,
            configSerial: 1, releaseBeforeTakeover: failoverServices)
        let peer = Self.addresses[role.peer]!
        nodes[role] = Node(
            machine: FailoverStateMachine(configuration: configuration),
            sender: HeartbeatSender(
                protocol: wireProtocol, role: role, bootID: boots, configSerial: 1, paths: peer.paths, key: keys[role]),
            receiver: HeartbeatReceiver(
                protocol: wireProtocol, localRole: role, peer: peer, key: keys[role], ownBootID: boots,
                keepalive: keepalive, deadtime: deadtime))
        if !warmStandby, !failoverServices { handle(.tableChanged(.cold), on: role) }
        handle(.start, on: role)
    }

    /// SIGKILL: the node stops at once, announcing nothing.
    mutating func kill(_ role: FailoverRole) {
        nodes[role]?.running = false
        recordHolders()
    }

    /// Failover services: the service dies on `role`; its fos daemon stops the others and exits.
    mutating func failService(on role: FailoverRole) {
        nodes[role]?.serviceRunning = false
        recordHolders()
        handle(.lvsdFailed("exited with status 3"), on: role)
    }

    /// Feeds `event` to `role` now.
    mutating func handle(_ event: FailoverEvent, on role: FailoverRole) {
        guard var node = nodes[role], node.running else { return }
        let actions = node.machine.handle(event, at: now)
        for action in actions {
            switch action {
            case .sendHeartbeat(let state, let table):
                for datagram in node.sender.datagrams(
                    announcing: state, table: table, echo: node.receiver.echo, at: wall(now))
                {
                    let sent = Datagram(
                        at: now + latency + (extraLatency[datagram.path] ?? .zero), to: role.peer,
                        from: Self.addresses[role]!.address(on: datagram.path)!,
                        bytes: datagram.bytes)
                    tap.append(sent)
                    if !cutPaths.contains(datagram.path) { inFlight.append(sent) }
                }
            case .activate:
                node.activations.append(now + activationTime)
            case .startLVSD where failoverServices:
                node.serviceRunning = true
            case .stopLVSD where failoverServices:
                node.reports.append((now + (node.serviceRunning ? serviceStopTime : .zero), .lvsdStopped))
            case .startLVSD:
                node.tableChanges.append((now, .checking(awaiting: nil)))
                node.tableChanges.append((now + preparationTime, .ready))
            case .stopLVSD:
                node.tableChanges = [(now, .cold)]
            case .deactivate:
                if node.activations.isEmpty { node.holdsVIPs = false } else { node.deactivateAfterActivation += 1 }
                node.reports.append((now + .milliseconds(1), .deactivationFinished))
            case .sendGratuitousARPs:
                node.gratuitousARPRounds += 1
            case .answer(_, let answer):
                node.answers.append(answer)
            case .log(let entry):
                node.logs.append(entry)
            case .exit:
                node.running = false
                node.exited = true
                node.holdsVIPs = false
                node.serviceRunning = false
            case .wakeUp(let at):
                node.wakeUp = at
            }
        }
        nodes[role] = node
        recordHolders()
    }

    /// Delivers a datagram to `role` as if it came from `source`, now.
    mutating func inject(_ bytes: [UInt8], to role: FailoverRole, from source: IPAddress) {
        inFlight.append(Datagram(at: now, to: role, from: source, bytes: bytes))
    }

    /// Runs the simulation until `duration` from now.
    mutating func run(for duration: Duration) {
        let end = now + duration
        for _ in 0..<1_000_000 {
            guard let next = nextEventTime(), next <= end else { break }
            now = max(now, next)
            step()
        }
        now = end
    }

    /// Runs until `condition` holds (checked after every step), at most `limit`; returns whether it held.
    @discardableResult
    mutating func run(until condition: (TwoNodeCluster) -> Bool, within limit: Duration) -> Bool {
        let end = now + limit
        if condition(self) { return true }
        for _ in 0..<1_000_000 {
            guard let next = nextEventTime(), next <= end else { break }
            now = max(now, next)
            step()
            if condition(self) { return true }
        }
        return false
    }

    private func nextEventTime() -> ContinuousClock.Instant? {
        var times = inFlight.map(\.at)
        for node in nodes.values where node.running {
            if let w = node.wakeUp { times.append(w) }
            times += node.activations
            times += node.tableChanges.map(\.at)
            times += node.reports.map(\.at)
        }
        return times.min()
    }

    private mutating func step() {
        let due = inFlight.filter { $0.at <= now }.sorted { $0.at < $1.at }
        inFlight.removeAll { $0.at <= now }
        for datagram in due { deliver(datagram) }
        for role in FailoverRole.allCases {
            guard var node = nodes[role], node.running else { continue }
            if let done = node.activations.first, done <= now {
                node.activations.removeFirst()
                let failure = node.failNextActivation
                node.failNextActivation = nil
                if failure == nil {
                    node.holdsVIPs = true
                    node.gratuitousARPRounds += 1  // the first round is part of activation
                }
                if node.deactivateAfterActivation > 0 {
                    node.deactivateAfterActivation -= 1
                    node.holdsVIPs = false
                }
                nodes[role] = node
                handle(failure.map { .activationFailed($0) } ?? .activationFinished, on: role)
                node = nodes[role]!
            }
            while let change = nodes[role]!.tableChanges.first, change.at <= now, nodes[role]!.running {
                nodes[role]!.tableChanges.removeFirst()
                handle(.tableChanged(change.readiness), on: role)
            }
            while let report = nodes[role]!.reports.first, report.at <= now, nodes[role]!.running {
                nodes[role]!.reports.removeFirst()
                if report.event == .lvsdStopped { nodes[role]!.serviceRunning = false }
                handle(report.event, on: role)
            }
            node = nodes[role]!
            if let wake = node.wakeUp, wake <= now, node.running {
                nodes[role]!.wakeUp = nil
                handle(.tick, on: role)
            }
        }
    }

    private mutating func deliver(_ datagram: Datagram) {
        guard var node = nodes[datagram.to], node.running else { return }
        let result = node.receiver.receive(datagram.bytes, from: datagram.from, ownSequence: node.sender.sequence)
        nodes[datagram.to] = node
        switch result {
        case .success(let heartbeat): handle(.heartbeatReceived(heartbeat), on: datagram.to)
        case .failure(let rejection): handle(.heartbeatDropped(rejection), on: datagram.to)
        }
        if nodes[datagram.to]!.receiver.takeEchoRequest() { handle(.echoRequested, on: datagram.to) }
    }

    private mutating func recordHolders() {
        let current = holders
        if holderHistory.last?.holders != current { holderHistory.append((now, current)) }
        let runners = Set(nodes.filter { $0.value.running && $0.value.serviceRunning }.keys)
        if serviceHistory.last?.runners != runners { serviceHistory.append((now, runners)) }
    }

    /// Failover services: whether the service ever ran on both nodes at once.
    func serviceEverRanTwice() -> Bool { serviceHistory.contains { $0.runners.count > 1 } }

    /// Failover services: who runs the service now.
    var serviceRunners: Set<FailoverRole> { serviceHistory.last?.runners ?? [] }

    /// Whether both nodes ever held the VIPs at once (after `since`).
    func everDualActive(since: ContinuousClock.Instant? = nil) -> Bool {
        holderHistory.contains { $0.holders.count > 1 && $0.at >= (since ?? t0) }
    }

    /// Whether the VIPs were ever without an owner after `since`.
    func everOwnerless(since: ContinuousClock.Instant) -> Bool {
        let before = holderHistory.last { $0.at <= since }
        if before?.holders.isEmpty ?? true { return true }
        return holderHistory.contains { $0.at > since && $0.holders.isEmpty }
    }

    /// When `role` last started holding the VIPs.
    func becameHolder(_ role: FailoverRole) -> ContinuousClock.Instant? {
        var result: ContinuousClock.Instant?
        var previous: Set<FailoverRole> = []
        for entry in holderHistory {
            if entry.holders.contains(role), !previous.contains(role) { result = entry.at }
            previous = entry.holders
        }
        return result
    }
}
