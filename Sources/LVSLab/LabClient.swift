#if canImport(Glibc)
import Glibc
#endif
import LVSTestKit

/// A host of the lab that makes HTTP requests in-process (no `curl` start per request): the
/// client towards the VIPs, or a director towards its real servers.
public struct LabClient: Sendable {
    /// The host's name, for messages.
    public let host: String
    /// Its network namespace.
    public let namespace: NetworkNamespace

    /// A client acting from `namespace`.
    public init(host: String, namespace: NetworkNamespace) {
        self.host = host
        self.namespace = namespace
    }

    /// One GET of `/` at `address:port`; throws when there is no answer within `timeout`.
    public func get(_ address: String, port: UInt16 = 80, timeout: Duration = .seconds(2)) throws -> HTTPAnswer {
        let exchange = try HTTPExchange(from: namespace, to: address, port: port, timeout: timeout)
        while let entry = exchange.pollEntry {
            var polled = entry
            let remaining = exchange.deadline - ContinuousClock.now
            let milliseconds = Int32(clamping: max(0, remaining.milliseconds) + 1)
            let ready = poll(&polled, 1, milliseconds)
            exchange.advance(ready > 0 ? polled.revents : 0)
        }
        switch exchange.outcome {
        case .answered(let answer):
            return answer
        case .failed(let reason):
            throw LabError("GET http://\(address):\(port)/ from \(host): \(reason)")
        case nil:
            throw LabError("GET http://\(address):\(port)/ from \(host): unfinished")
        }
    }

    /// `count` GETs one after the other; returns the server that answered each (throws at the
    /// first request without a 200 answer naming a server).
    public func servers(answering address: String, port: UInt16 = 80, count: Int, timeout: Duration = .seconds(2))
        throws -> [String]
    {
        try (0..<count).map { i in
            let answer = try get(address, port: port, timeout: timeout)
            guard let server = answer.server else {
                throw LabError(
                    "GET http://\(address):\(port)/ from \(host), request \(i + 1) of \(count): status \(answer.status), body \"\(answer.body)\""
                )
            }
            return server
        }
    }
}
