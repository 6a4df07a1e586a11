import Logging

/// Request/reply bookkeeping over a ``NetlinkTransport``: sequence numbers, reading until the
/// acknowledgement or `NLMSG_DONE` that matches, skipping messages that answer something else,
/// and pipelining many commands per datagram.
struct NetlinkExchange {
    /// A failure of one exchange, before it is given its operation.
    enum Failure: Error {
        case kernel(errno: Int32)
        case transport(NetlinkTransportError)
        case malformed(String)

        var cause: IPVSError.Cause {
            switch self {
            case .kernel(let e): .kernel(errno: e)
            case .transport(.system(let call, let e)): .system(call: call, errno: e)
            case .transport(.timedOut(let s)): .timedOut(seconds: s)
            case .transport(.truncated(let n)): .malformedReply("a \(n)-byte datagram did not fit the receive buffer")
            case .malformed(let what): .malformedReply(what)
            }
        }
    }

    let transport: any NetlinkTransport
    let logger: Logger
    /// Commands per datagram when pipelining; their acknowledgements must fit the receive buffer.
    let window: Int
    private var sequence: UInt32 = 0

    init(transport: any NetlinkTransport, logger: Logger, window: Int = 128) {
        self.transport = transport
        self.logger = logger
        self.window = window
    }

    /// The next sequence number.
    mutating func nextSequence() -> UInt32 {
        sequence &+= 1
        if sequence == 0 { sequence = 1 }
        return sequence
    }

    /// Sends a request with `NLM_F_ACK` and returns the data messages that answer it, once its
    /// acknowledgement arrives; a negative acknowledgement throws the kernel's errno.
    func command(_ request: [UInt8], sequence: UInt32) throws(Failure) -> [NetlinkMessage] {
        try send(request)
        var replies: [NetlinkMessage] = []
        while true {
            for message in try receive(maximumCount: 4) {
                guard message.sequence == sequence else {
                    skip(message)
                    continue
                }
                if message.type == NetlinkMessageType.error {
                    let e = message.errorCode ?? 0
                    if e != 0 { throw .kernel(errno: e) }
                    return replies
                }
                replies.append(message)
            }
        }
    }

    /// Sends a dump request and returns its messages once `NLMSG_DONE` arrives. Only one dump
    /// may run on a socket at a time, so dumps are never pipelined.
    func dump(_ request: [UInt8], sequence: UInt32) throws(Failure) -> [NetlinkMessage] {
        try send(request)
        var replies: [NetlinkMessage] = []
        while true {
            for message in try receive(maximumCount: 8) {
                guard message.sequence == sequence else {
                    skip(message)
                    continue
                }
                switch message.type {
                case NetlinkMessageType.done:
                    let e = message.errorCode ?? 0
                    if e != 0 { throw .kernel(errno: e) }
                    return replies
                case NetlinkMessageType.error:
                    let e = message.errorCode ?? 0
                    if e != 0 { throw .kernel(errno: e) }
                case NetlinkMessageType.noop:
                    continue
                default:
                    replies.append(message)
                }
            }
        }
    }

    /// Sends encoded commands (each with the sequence number it carries) `window` per datagram,
    /// and collects every acknowledgement of a datagram before sending the next. Returns each
    /// command's outcome in order; after a transport failure, the unanswered and unsent commands
    /// carry that failure.
    func pipeline(_ requests: [(sequence: UInt32, bytes: [UInt8])]) -> [Result<Void, Failure>] {
        var results = [Result<Void, Failure>?](repeating: nil, count: requests.count)
        var next = 0
        var datagrams = 0
        while next < requests.count {
            var batch: [UInt8] = []
            batch.reserveCapacity(window * 128)
            var pending: [UInt32: Int] = [:]
            while next < requests.count, pending.count < window, batch.count < 48 * 1024 {
                batch += requests[next].bytes
                pending[requests[next].sequence] = next
                next += 1
            }
            datagrams += 1
            do throws(Failure) {
                try send(batch)
                while !pending.isEmpty {
                    for message in try receive(maximumCount: pending.count) {
                        guard let index = pending[message.sequence] else {
                            skip(message)
                            continue
                        }
                        guard message.type == NetlinkMessageType.error else { continue }
                        let e = message.errorCode ?? 0
                        results[index] = e == 0 ? .success(()) : .failure(.kernel(errno: e))
                        pending[message.sequence] = nil
                    }
                }
            } catch {
                logger.error("IPVS pipeline stopped after \(datagrams) datagrams: \(error.cause)")
                return results.map { $0 ?? .failure(error) }
            }
        }
        logger.debug("sent \(requests.count) IPVS commands in \(datagrams) datagrams")
        return results.map { $0! }
    }

    private func send(_ datagram: [UInt8]) throws(Failure) {
        do throws(NetlinkTransportError) { try transport.send(datagram) } catch { throw .transport(error) }
    }

    private func receive(maximumCount: Int) throws(Failure) -> [NetlinkMessage] {
        let datagrams: [[UInt8]]
        do throws(NetlinkTransportError) {
            datagrams = try transport.receive(maximumCount: maximumCount)
        } catch { throw .transport(error) }
        var messages: [NetlinkMessage] = []
        for datagram in datagrams {
            do throws(NetlinkDecodingError) {
                messages += try NetlinkMessage.parse(datagram[...])
            } catch { throw .malformed(error.message) }
        }
        return messages
    }

    private func skip(_ message: NetlinkMessage) {
        logger.trace("skipping netlink message type \(message.type) of foreign sequence \(message.sequence)")
    }
}
