import Addressing

/// Resolves the host and service names an lvs.cf file may use instead of addresses and port
/// numbers. The parser takes one so tests (and callers that must not touch DNS) can choose.
public protocol NameResolver: Sendable {
    /// The addresses of a host name, best first; empty when the name does not resolve.
    func addresses(ofHost name: String) -> [IPAddress]
    /// The port of a service name (`http`) for a protocol (`tcp`, `udp`, `sctp`); nil if unknown.
    func port(ofService name: String, protocol: String) -> UInt16?
}
