/// A complete HTTP response as the HTTP check judges it.
public struct HTTPResponse: Equatable, Sendable {
    /// The status code (`200`).
    public var status: Int
    /// The reason phrase (`OK`), possibly empty.
    public var reason: String
    /// The header fields in order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body's length in bytes (after removing chunked framing).
    public var bodyLength: Int
    /// The body's first ``HTTPResponseParser/bodyKeepLimit`` bytes at most.
    public var bodyPrefix: [UInt8]
    /// The MD5 of the whole body, when the parser was asked for it.
    public var bodyMD5: MD5Digest?

    /// A response.
    public init(
        status: Int, reason: String, headers: [(name: String, value: String)], bodyLength: Int, bodyPrefix: [UInt8],
        bodyMD5: MD5Digest?
    ) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.bodyLength = bodyLength
        self.bodyPrefix = bodyPrefix
        self.bodyMD5 = bodyMD5
    }

    /// Whether only part of the body was kept.
    public var isBodyTruncated: Bool { bodyPrefix.count < bodyLength }

    /// The value of the first header field called `name` (any case).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
            && lhs.bodyLength == rhs.bodyLength && lhs.bodyPrefix == rhs.bodyPrefix && lhs.bodyMD5 == rhs.bodyMD5
    }
}
