import CLVSCrypto

/// The shared secret that authenticates heartbeats (HMAC-SHA256), from `heartbeat_key_file`.
///
/// An acceptable key file holds **16 to 4096 bytes** of secret after one trailing newline (`\n`
/// or `\r\n`) is removed; the bytes are used as they are, text or binary. A file made with
/// `openssl rand -hex 32 > heartbeat.key` (64 hexadecimal characters, 256 bits of randomness) or
/// `head -c 32 /dev/urandom > heartbeat.key` is fine. Both directors need the same file. Reading the
/// file is the executable's job; it hands the bytes (and, if it has it, the file's mode) here.
public struct HeartbeatKey: Sendable {
    /// The fewest bytes a key may have.
    public static let minimumLength = 16
    /// The most bytes a key may have.
    public static let maximumLength = 4096

    /// HMAC-SHA256 with the key already absorbed; each message starts from a copy of it, so the
    /// key's two hash blocks are not recomputed per heartbeat.
    private let keyed: KeyedHMAC

    /// The key's length in bytes.
    public let byteCount: Int

    /// Makes a key from a key file's contents.
    ///
    /// - Parameters:
    ///   - contents: the file's bytes.
    ///   - path: the file's path, for error messages.
    ///   - mode: the file's permission bits (`st_mode`), when known: a key readable or writable by
    ///     group or others is refused.
    public init(contents: some Collection<UInt8>, path: String, mode: UInt32? = nil) throws(HeartbeatKeyError) {
        var bytes = Array(contents)
        if bytes.last == UInt8(ascii: "\n") {
            bytes.removeLast()
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        }
        if let mode, mode & 0o077 != 0 {
            throw HeartbeatKeyError(path: path, problem: .exposed(mode: mode & 0o7777))
        }
        if bytes.isEmpty { throw HeartbeatKeyError(path: path, problem: .empty) }
        if bytes.count < Self.minimumLength { throw HeartbeatKeyError(path: path, problem: .tooShort(bytes.count)) }
        if bytes.count > Self.maximumLength { throw HeartbeatKeyError(path: path, problem: .tooLong(bytes.count)) }
        guard let keyed = KeyedHMAC(key: bytes) else { throw HeartbeatKeyError(path: path, problem: .unusable) }
        self.keyed = keyed
        byteCount = bytes.count
    }

    /// The 32-byte HMAC-SHA256 of `message`.
    func authenticationCode(for message: [UInt8]) -> [UInt8] {
        keyed.code(for: message)
    }

    /// Whether `code` is the HMAC-SHA256 of `message`, compared in constant time.
    func isValid(code expected: [UInt8], for message: [UInt8]) -> Bool {
        let actual = keyed.code(for: message)
        guard expected.count == actual.count else { return false }
        return lvs_constant_time_equal(actual, expected, actual.count) == 1
    }
}

/// libcrypto's keyed HMAC-SHA256 state, owned and freed here. It is only read (copied per
/// message), never changed after creation, so sharing it between threads is safe.
private final class KeyedHMAC: @unchecked Sendable {
    private let state: OpaquePointer

    init?(key: [UInt8]) {
        guard let state = lvs_hmac_sha256_new(key, key.count) else { return nil }
        self.state = state
    }

    deinit { lvs_hmac_sha256_free(state) }

    func code(for message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        // libcrypto fails here only when out of memory; a zeroed code then fails verification.
        _ = lvs_hmac_sha256_compute(state, message, message.count, &out)
        return out
    }
}

/// A key file that cannot be used, with the file and the reason.
public struct HeartbeatKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong with a key file.
    public enum Problem: Hashable, Sendable {
        /// The file is empty (or holds only a newline).
        case empty
        /// Fewer than ``HeartbeatKey/minimumLength`` bytes.
        case tooShort(Int)
        /// More than ``HeartbeatKey/maximumLength`` bytes.
        case tooLong(Int)
        /// Group or others may read or write it (the permission bits).
        case exposed(mode: UInt32)
        /// libcrypto could not set up HMAC-SHA256 with it.
        case unusable
    }

    /// The key file's path.
    public let path: String
    /// What is wrong.
    public let problem: Problem

    /// Creates an error for the key file at `path`.
    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        let reason: String
        switch problem {
        case .empty:
            reason =
                "the file is empty; put at least \(HeartbeatKey.minimumLength) bytes of secret in it "
                + "(e.g. `openssl rand -hex 32 > \(path)`)"
        case .tooShort(let n):
            reason =
                "the key is \(n) byte\(n == 1 ? "" : "s") long; at least \(HeartbeatKey.minimumLength) "
                + "are needed (e.g. `openssl rand -hex 32 > \(path)`)"
        case .tooLong(let n):
            reason = "the key is \(n) bytes long; at most \(HeartbeatKey.maximumLength) are allowed"
        case .unusable:
            reason = "OpenSSL's libcrypto could not set up HMAC-SHA256 with this key"
        case .exposed(let mode):
            reason =
                "the file is readable or writable by group or others (mode 0\(String(mode, radix: 8))); "
                + "run `chmod 600 \(path)`"
        }
        return "reading heartbeat key file \(path): \(reason)"
    }
}
