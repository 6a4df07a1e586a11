import FoundationEssentials

/// A daemon's answer, one JSON object per line:
/// `{"ok":true,"result":{…}}`, `{"message":"10.0.1.10:80 drained","ok":true}` or
/// `{"error":"unknown command \"x\" (lvsd understands: …)","ok":false}`.
public struct ControlResponse<Result: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// Whether the request was carried out.
    public var ok: Bool
    /// The data asked for (status), if any.
    public var result: Result?
    /// What was done, for the admin (drain, reload …).
    public var message: String?
    /// Why the request failed, naming what was wrong.
    public var error: String?

    /// A response with these fields.
    public init(ok: Bool, result: Result? = nil, message: String? = nil, error: String? = nil) {
        self.ok = ok
        self.result = result
        self.message = message
        self.error = error
    }

    /// Success carrying `result`.
    public static func success(_ result: Result) -> Self { Self(ok: true, result: result) }
    /// Success with a message.
    public static func done(_ message: String) -> Self { Self(ok: true, message: message) }
    /// Failure with the reason.
    public static func failure(_ error: String) -> Self { Self(ok: false, error: error) }

    /// The response line, newline included.
    public var line: [UInt8] { ControlJSON.line(self) }

    /// Decodes a response line (without or with its newline).
    public init(line: [UInt8]) throws(ControlClientError) {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(line))
        } catch {
            throw .badResponse(String(decoding: line.prefix(200), as: UTF8.self))
        }
    }
}

/// A response that carries no data.
public struct NoResult: Codable, Sendable, Equatable {}
