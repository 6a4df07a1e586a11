import Logging
import Synchronization

/// The kernel's IPVS table of one network namespace, over generic netlink.
///
/// One socket, opened at creation (inside a namespace if asked) and used for every call; calls
/// are serialised, so one client can be shared. Many changes go out in few datagrams
/// (``apply(_:)``), and every call is bounded by the socket's timeouts.
///
/// ```swift
/// let ipvs = try IPVSClient(namespacePath: "/run/netns/director", logger: logger)
/// let results = ipvs.apply([.addService(service), .addDestination(server, service: service.identity)])
/// ```
public final class IPVSClient: IPVSTable, Sendable {
    private struct State: ~Copyable {
        var exchange: NetlinkExchange
        let encoder: IPVSMessageEncoder
    }

    private let state: Mutex<State>
    private let logger: Logger

    /// Opens a client on the IPVS of the network namespace at `namespacePath` (such as
    /// `/run/netns/NAME`), or of the caller's namespace when nil.
    ///
    /// Throws ``IPVSError/Cause/ipvsUnavailable`` when the kernel has no IPVS.
    public convenience init(
        namespacePath: String? = nil, timeout: Duration = .seconds(30), logger: Logger
    ) throws(IPVSError) {
        let socket = try GenericNetlinkSocket(namespacePath: namespacePath, timeout: timeout)
        logger.debug("IPVS generic netlink family id \(socket.familyID)\(namespacePath.map { " in \($0)" } ?? "")")
        self.init(transport: socket, logger: logger)
    }

    /// Creates a client over a transport already bound to the `IPVS` family.
    public init(transport: sending any NetlinkTransport, logger: Logger) {
        let familyID = transport.familyID
        state = Mutex(
            State(
                exchange: NetlinkExchange(transport: transport, logger: logger),
                encoder: IPVSMessageEncoder(familyID: familyID)))
        self.logger = logger
    }

    /// Version and connection-table size (`IPVS_CMD_GET_INFO`).
    public func info() throws(IPVSError) -> IPVSInfo {
        try state.withLock { (s: inout State) throws(IPVSError) -> IPVSInfo in
            let seq = s.exchange.nextSequence()
            let replies = try run(.getInfo) { () throws(NetlinkExchange.Failure) in
                try s.exchange.command(s.encoder.getInfo(sequence: seq), sequence: seq)
            }
            guard let reply = replies.first else { throw IPVSError(.getInfo, .malformedReply("no info in the reply")) }
            return try decode(.getInfo) { () throws(NetlinkDecodingError) in
                try IPVSMessageDecoder.info(fromMessage: reply.genericAttributes)
            }
        }
    }

    /// Every service (`IPVS_CMD_GET_SERVICE` dump), in the kernel's hash order.
    public func services() throws(IPVSError) -> [IPVSService] {
        try state.withLock { (s: inout State) throws(IPVSError) -> [IPVSService] in
            let seq = s.exchange.nextSequence()
            let replies = try run(.listServices) { () throws(NetlinkExchange.Failure) in
                try s.exchange.dump(s.encoder.listServices(sequence: seq), sequence: seq)
            }
            var services: [IPVSService] = []
            services.reserveCapacity(replies.count)
            for reply in replies {
                services.append(
                    try decode(.listServices) { () throws(NetlinkDecodingError) in
                        try IPVSMessageDecoder.service(fromMessage: reply.genericAttributes)
                    })
            }
            return services
        }
    }

    /// One service (`IPVS_CMD_GET_SERVICE`); `ESRCH` if it does not exist.
    public func service(_ identity: IPVSServiceIdentity) throws(IPVSError) -> IPVSService {
        try state.withLock { (s: inout State) throws(IPVSError) -> IPVSService in
            let seq = s.exchange.nextSequence()
            let request = try s.encoder.getService(identity, sequence: seq)
            let replies = try run(.getService(identity)) { () throws(NetlinkExchange.Failure) in
                try s.exchange.command(request, sequence: seq)
            }
            guard let reply = replies.first else {
                throw IPVSError(.getService(identity), .malformedReply("no service in the reply"))
            }
            return try decode(.getService(identity)) { () throws(NetlinkDecodingError) in
                try IPVSMessageDecoder.service(fromMessage: reply.genericAttributes)
            }
        }
    }

    /// The destinations of a service (`IPVS_CMD_GET_DEST` dump), in the kernel's order. Empty
    /// for a service that does not exist.
    public func destinations(of service: IPVSServiceIdentity) throws(IPVSError) -> [IPVSDestination] {
        try state.withLock { (s: inout State) throws(IPVSError) -> [IPVSDestination] in
            let seq = s.exchange.nextSequence()
            let request = try s.encoder.listDestinations(of: service, sequence: seq)
            let replies = try run(.listDestinations(service)) { () throws(NetlinkExchange.Failure) in
                try s.exchange.dump(request, sequence: seq)
            }
            var destinations: [IPVSDestination] = []
            destinations.reserveCapacity(replies.count)
            for reply in replies {
                destinations.append(
                    try decode(.listDestinations(service)) { () throws(NetlinkDecodingError) in
                        try IPVSMessageDecoder.destination(
                            fromMessage: reply.genericAttributes, serviceFamily: service.family)
                    })
            }
            return destinations
        }
    }

    /// The connection timeouts (`IPVS_CMD_GET_CONFIG`).
    public func timeouts() throws(IPVSError) -> IPVSTimeouts {
        try state.withLock { (s: inout State) throws(IPVSError) -> IPVSTimeouts in
            let seq = s.exchange.nextSequence()
            let replies = try run(.getTimeouts) { () throws(NetlinkExchange.Failure) in
                try s.exchange.command(s.encoder.getTimeouts(sequence: seq), sequence: seq)
            }
            guard let reply = replies.first else {
                throw IPVSError(.getTimeouts, .malformedReply("no timeouts in the reply"))
            }
            return try decode(.getTimeouts) { () throws(NetlinkDecodingError) in
                try IPVSMessageDecoder.timeouts(fromMessage: reply.genericAttributes)
            }
        }
    }

    /// The running sync daemons (`IPVS_CMD_GET_DAEMON` dump): master first, then backup.
    public func syncDaemons() throws(IPVSError) -> [IPVSSyncDaemon] {
        try state.withLock { (s: inout State) throws(IPVSError) -> [IPVSSyncDaemon] in
            let seq = s.exchange.nextSequence()
            let replies = try run(.listDaemons) { () throws(NetlinkExchange.Failure) in
                try s.exchange.dump(s.encoder.listDaemons(sequence: seq), sequence: seq)
            }
            var daemons: [IPVSSyncDaemon] = []
            for reply in replies {
                daemons.append(
                    try decode(.listDaemons) { () throws(NetlinkDecodingError) in
                        try IPVSMessageDecoder.daemon(fromMessage: reply.genericAttributes)
                    })
            }
            return daemons
        }
    }

    /// Applies the operations in order, pipelined: up to 128 commands per datagram, then every
    /// acknowledgement of that datagram. The kernel handles the commands one after the other,
    /// exactly as if they had been sent one by one. Returns one result per operation.
    public func apply(_ operations: [IPVSOperation]) -> [Result<Void, IPVSError>] {
        state.withLock { (s: inout State) -> [Result<Void, IPVSError>] in
            var results = [Result<Void, IPVSError>?](repeating: nil, count: operations.count)
            var requests: [(sequence: UInt32, bytes: [UInt8])] = []
            var indexes: [Int] = []
            requests.reserveCapacity(operations.count)
            for (i, operation) in operations.enumerated() {
                let seq = s.exchange.nextSequence()
                do throws(IPVSError) {
                    requests.append((seq, try s.encoder.encode(operation, sequence: seq)))
                    indexes.append(i)
                } catch {
                    results[i] = .failure(error)
                }
            }
            for (outcome, i) in zip(s.exchange.pipeline(requests), indexes) {
                results[i] = outcome.mapError { IPVSError(.change(operations[i]), $0.cause) }
            }
            return results.map { $0! }
        }
    }

    /// Applies one operation, throwing its error.
    public func perform(_ operation: IPVSOperation) throws(IPVSError) {
        if case .failure(let error) = apply([operation])[0] { throw error }
    }

    private func run<T>(
        _ operation: IPVSError.Operation, _ body: () throws(NetlinkExchange.Failure) -> T
    ) throws(IPVSError) -> T {
        do throws(NetlinkExchange.Failure) { return try body() } catch { throw IPVSError(operation, error.cause) }
    }

    private func decode<T>(
        _ operation: IPVSError.Operation, _ body: () throws(NetlinkDecodingError) -> T
    ) throws(IPVSError) -> T {
        do throws(NetlinkDecodingError) { return try body() } catch {
            throw IPVSError(operation, .malformedReply(error.message))
        }
    }
}
