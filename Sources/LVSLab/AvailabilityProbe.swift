#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LVSTestKit
import Synchronization

/// Requests a VIP over and over from the client, on a thread of its own, while the lab does
/// something to the directors: a new request every ``interval`` whether or not the earlier ones
/// have been answered, each given ``timeout``. ``stop()`` returns what it saw (``ProbeRecord``).
public final class AvailabilityProbe: Sendable {
    /// The client it requests from.
    public let client: LabClient
    /// The VIP.
    public let address: String
    /// The port.
    public let port: UInt16
    /// Time between two requests.
    public let interval: Duration
    /// How long one request may take.
    public let timeout: Duration
    /// At most this many requests in flight (a dead VIP would otherwise pile them up).
    public let maximumInFlight: Int

    private struct State {
        var start: ContinuousClock.Instant?
        var samples: [ProbeSample] = []
        var stopRequested = false
        var finished = false
        var problem: String?
    }
    private let state = Mutex(State())

    /// A probe of `address:port` from `client`; not yet running.
    public init(
        client: LabClient, address: String, port: UInt16 = 80, interval: Duration = .milliseconds(50),
        timeout: Duration = .seconds(1), maximumInFlight: Int = 40
    ) {
        self.client = client
        self.address = address
        self.port = port
        self.interval = interval
        self.timeout = timeout
        self.maximumInFlight = maximumInFlight
    }

    /// Starts probing on a new thread.
    public func start() {
        state.withLock { $0.start = .now }
        let thread = Thread { [self] in run() }
        thread.name = "lvslab probe \(address)"
        thread.start()
    }

    /// Stops sending, waits (bounded by ``timeout`` and a second) for the requests in flight, and
    /// returns the record.
    public func stop() throws -> ProbeRecord {
        let stopAt = ContinuousClock.now
        state.withLock { $0.stopRequested = true }
        let deadline = stopAt + timeout + .seconds(1)
        while !state.withLock({ $0.finished }) {
            guard ContinuousClock.now < deadline else {
                throw LabError(
                    "stopping the probe of \(address):\(port): its thread did not finish within \(timeout + .seconds(1))"
                )
            }
            usleep(5_000)
        }
        return try state.withLock { state in
            if let problem = state.problem {
                throw LabError("probing \(address):\(port) from \(client.host): \(problem)")
            }
            return ProbeRecord(start: state.start ?? stopAt, end: stopAt, samples: state.samples)
        }
    }

    /// The answers so far, for waiting on them while the probe runs.
    public var answerTimes: [ContinuousClock.Instant] {
        state.withLock { $0.samples.filter { $0.server != nil }.map(\.finished) }
    }

    private func run() {
        var inFlight: [HTTPExchange] = []
        var nextStart = ContinuousClock.now
        while true {
            let stopping = state.withLock { $0.stopRequested }
            if stopping && inFlight.isEmpty { break }
            let now = ContinuousClock.now
            if !stopping, now >= nextStart, inFlight.count < maximumInFlight {
                do {
                    inFlight.append(try HTTPExchange(from: client.namespace, to: address, port: port, timeout: timeout))
                } catch {
                    state.withLock { $0.problem = "\(error)" }
                    break
                }
                nextStart = max(nextStart + interval, now)
            }
            var entries = inFlight.map { $0.pollEntry ?? pollfd(fd: -1, events: 0, revents: 0) }
            let untilNext = stopping ? Duration.milliseconds(10) : max(.zero, nextStart - ContinuousClock.now)
            let wait = Int32(clamping: min(untilNext, .milliseconds(10)).milliseconds)
            _ = poll(&entries, nfds_t(entries.count), wait)
            for (exchange, entry) in zip(inFlight, entries) { exchange.advance(entry.revents) }
            let done = inFlight.filter { $0.outcome != nil }
            inFlight.removeAll { $0.outcome != nil }
            if !done.isEmpty {
                let samples = done.map(Self.sample)
                state.withLock { $0.samples += samples }
            }
        }
        for exchange in inFlight { exchange.advance(0) }
        state.withLock { $0.finished = true }
    }

    private static func sample(_ exchange: HTTPExchange) -> ProbeSample {
        switch exchange.outcome {
        case .answered(let answer):
            if let server = answer.server {
                return ProbeSample(started: exchange.started, finished: exchange.finished ?? .now, server: server)
            }
            return ProbeSample(
                started: exchange.started, finished: exchange.finished ?? .now, server: nil,
                failure: "status \(answer.status)")
        case .failed(let reason):
            return ProbeSample(
                started: exchange.started, finished: exchange.finished ?? .now, server: nil, failure: reason)
        case nil:
            return ProbeSample(started: exchange.started, finished: .now, server: nil, failure: "unfinished")
        }
    }
}
