import Addressing
import CheckVocabulary
import DaemonSupport

/// An HTTP or HTTPS check (keepalived's HTTP_GET and SSL_GET): sends one HTTP/1.1 request with
/// `Connection: close` and judges the whole response, which must arrive within the timeout:
/// the status code, optionally the body against a regular expression, optionally the body's
/// MD5. Every condition that is set must hold.
public struct HTTPCheck: HealthCheck {
    /// The real server's address and port.
    public let endpoint: SocketAddress
    /// GET or HEAD.
    public let method: HTTPCheckMethod
    /// The request target, starting with `/`.
    public let path: String
    /// The Host header's value.
    public let host: String
    /// The status codes that pass.
    public let expectedStatus: HTTPStatusRanges
    /// A POSIX extended regular expression the body (its first 64 KiB) must match, or nil.
    public let bodyRegex: POSIXRegex?
    /// The MD5 the whole body must have, or nil.
    public let expectedDigest: MD5Digest?
    /// TLS settings for HTTPS; nil for plain HTTP.
    public let tls: TLSCheckSettings?
    // Shared by copies of this value: the SSL_CTX is made once, on the first HTTPS run.
    private let contextCache = TLSContextCache()

    /// The User-Agent sent.
    public static let userAgent = "lvsrouter-nanny"

    /// A check of `endpoint`. `host` nil: the endpoint's address (IPv6 in brackets), with the
    /// port unless it is the scheme's default (80, or 443 with TLS). Throws when the path or
    /// host could not go into a request line or header, or when HEAD is asked to judge a body.
    public init(
        endpoint: SocketAddress, method: HTTPCheckMethod = .get, path: String = "/", host: String? = nil,
        expectedStatus: HTTPStatusRanges = .successful, bodyRegex: POSIXRegex? = nil,
        expectedDigest: MD5Digest? = nil, tls: TLSCheckSettings? = nil
    ) throws(HTTPCheckError) {
        guard path.hasPrefix("/") else {
            throw HTTPCheckError(what: "path \"\(path)\"", reason: "must start with /")
        }
        guard !path.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw HTTPCheckError(
                what: "path \"\(path)\"", reason: "contains a blank or control character (escape it as %20 etc.)")
        }
        if let host {
            guard !host.isEmpty, !host.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
                throw HTTPCheckError(what: "Host \"\(host)\"", reason: "must be a non-empty name without blanks")
            }
        }
        if method == .head && (bodyRegex != nil || expectedDigest != nil) {
            throw HTTPCheckError(what: "HEAD request", reason: "has no body to match a regex or digest against")
        }
        if let serverName = tls?.serverName,
            serverName.isEmpty || serverName.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
        {
            throw HTTPCheckError(what: "TLS server name \"\(serverName)\"", reason: "must be a name without blanks")
        }
        self.endpoint = endpoint
        self.method = method
        self.path = path
        self.host = host ?? Self.defaultHost(for: endpoint, tls: tls != nil)
        self.expectedStatus = expectedStatus
        self.bodyRegex = bodyRegex
        self.expectedDigest = expectedDigest
        self.tls = tls
    }

    /// The Host header a check of `endpoint` sends by default.
    public static func defaultHost(for endpoint: SocketAddress, tls: Bool) -> String {
        let address = endpoint.address.bracketedDescription
        return endpoint.port == (tls ? 443 : 80) ? address : "\(address):\(endpoint.port)"
    }

    /// `10.0.1.11:80 /health`: how failure texts name what was checked.
    var target: String { "\(endpoint) \(path)" }

    /// The request's bytes.
    public var request: [UInt8] {
        Array(
            "\(method.rawValue) \(path) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: \(Self.userAgent)\r\nAccept: */*\r\nConnection: close\r\n\r\n"
                .utf8)
    }

    public var summary: String {
        var text = "\(tls == nil ? "HTTP" : "HTTPS") \(method.rawValue) \(endpoint) \(path)"
        if host != Self.defaultHost(for: endpoint, tls: tls != nil) { text += ", Host \(host)" }
        text += ", expect \(expectedStatus)"
        if let bodyRegex { text += ", body matching \"\(bodyRegex.pattern)\"" }
        if let expectedDigest { text += ", body MD5 \(expectedDigest)" }
        if let tls {
            if let sni = tls.sniText { text += ", \(sni)" }
            text += tls.verifyCertificate ? ", verify" + (tls.caFile.map { " with \($0)" } ?? "") : ", no verify"
        }
        return text
    }

    /// Makes the TLS context now (for HTTPS), so that a bad CA file shows at start-up rather
    /// than in every check's result.
    public func prepareTLS() throws(TLSSetupError) {
        if let tls { _ = try contextCache.context(for: tls) }
    }

    public func start(_ context: CheckContext, completion: @escaping (CheckResult) -> Void) -> any RunningCheck {
        let run = HTTPCheckRun(
            check: self, tls: tls.map { ($0, contextCache) }, context: context, completion: completion)
        run.begin()
        return run
    }

    /// The verdict on a complete response: nil when it passes, else what is wrong.
    func problem(with response: HTTPResponse) -> String? {
        let from = "HTTP \(response.status) from \(target)"
        if !expectedStatus.contains(response.status) { return "\(from), expected \(expectedStatus)" }
        if let bodyRegex, !bodyRegex.matches(response.bodyPrefix) {
            let part = response.isBodyTruncated ? " (its first \(response.bodyPrefix.count) bytes)" : ""
            return "\(from): body\(part) does not match \"\(bodyRegex.pattern)\""
        }
        if let expectedDigest, response.bodyMD5 != expectedDigest {
            let actual = response.bodyMD5.map(\.description) ?? "unavailable (libcrypto failed)"
            return "\(from): body MD5 \(actual), expected \(expectedDigest)"
        }
        return nil
    }
}

/// An HTTP check that cannot be built as given.
public struct HTTPCheckError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The setting at fault, with its value.
    public var what: String
    /// What is wrong.
    public var reason: String

    public var description: String { "HTTP check: \(what) \(reason)" }
}
