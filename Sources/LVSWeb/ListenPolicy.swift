/// Where lvsweb may listen, and how: on a loopback address plain HTTP is fine (only this
/// machine's users can reach it, and an ssh tunnel carries it further); anywhere else the login
/// and the session cookie would cross the network in clear text, so TLS is required unless the
/// admin explicitly accepts plain HTTP.
public enum ListenPolicy {
    /// Why a listener is refused.
    public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// The message for the admin.
        public var description: String
    }

    /// Checks a listener. `host` is an address or a name; only literal loopback addresses and
    /// `localhost` count as loopback.
    public static func check(host: String, port: Int, hasTLS: Bool, allowPlainRemote: Bool) throws(Refusal) {
        guard (1...65535).contains(port) else { throw Refusal(description: "port \(port) is not 1 to 65535") }
        if hasTLS || allowPlainRemote || isLoopback(host) { return }
        throw Refusal(
            description: "refusing to listen on \(host):\(port) without TLS: passwords and session cookies would "
                + "cross the network in clear text; give --tls-certificate and --tls-key, listen on 127.0.0.1, "
                + "or accept it with --allow-plain-http")
    }

    /// `127.0.0.0/8`, `::1` and `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }
}
