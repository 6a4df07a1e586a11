import DaemonSupport
import HummingbirdBcrypt

/// lvsweb's password file (as `piranha-passwd` kept Piranha's): one line `USER:BCRYPT-HASH`, owned
/// by the user lvsweb runs as and readable by nobody else (mode 0600). lvsweb refuses to start on a
/// file that others can read or write, so the hash cannot be taken away for offline guessing.
public struct PasswordFile: Sendable, Equatable {
    /// The default path.
    public static let defaultPath = "/etc/sysconfig/ha/lvsweb.passwd"
    /// The default user name: Piranha's.
    public static let defaultUser = "piranha"
    /// bcrypt's cost factor for new hashes (2^12 rounds: about 0.2 s on a small machine).
    public static let cost: UInt8 = 12

    /// The user who may log in.
    public var user: String
    /// The bcrypt hash of the password.
    public var hash: String

    /// A user and a hash.
    public init(user: String, hash: String) {
        self.user = user
        self.hash = hash
    }

    /// A new entry for `user` with the hash of `password`; the password must be 8 to 72 bytes
    /// (bcrypt reads at most 72) and the user name a plain word.
    public static func make(user: String, password: String, cost: UInt8 = PasswordFile.cost) throws(WebFileError)
        -> PasswordFile
    {
        let operation = "setting the password of user"
        guard !user.isEmpty, user.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
            throw WebFileError(
                operation: operation, path: "\"\(user)\"",
                reason: "a user name is printable ASCII without blanks or colons")
        }
        guard password.utf8.count >= 8, password.utf8.count <= 72 else {
            throw WebFileError(
                operation: operation, path: user,
                reason: "a password must be 8 to 72 bytes long (bcrypt reads 72), not \(password.utf8.count)")
        }
        return PasswordFile(user: user, hash: Bcrypt.hash(password, cost: cost))
    }

    /// Whether `user` and `password` are right. Always spends a bcrypt check, even for a wrong
    /// user, so a wrong user name cannot be told from a wrong password by timing.
    public func verify(user: String, password: String) -> Bool {
        let matches = Bcrypt.verify(password, hash: hash)
        return matches && user == self.user
    }

    /// Reads the file, refusing one that is not a regular file, that group or others can
    /// access, or that does not hold one `USER:HASH` line.
    public static func read(_ path: String) throws(WebFileError) -> PasswordFile {
        let contents = try WebFileError.reading(path, limit: 4096)
        try WebFileError.requirePrivate(path, mode: contents.mode, hint: "run lvsweb passwd again, or chmod 600")
        let text = String(decoding: contents.bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            .filter { !$0.isEmpty }
        guard text.count == 1, let colon = text[0].firstIndex(of: ":") else {
            throw WebFileError(
                operation: "reading the password file", path: path, reason: "expected one line USER:HASH")
        }
        let hash = String(text[0][text[0].index(after: colon)...])
        guard hash.hasPrefix("$2") else {
            throw WebFileError(operation: "reading the password file", path: path, reason: "the hash is not bcrypt")
        }
        return PasswordFile(user: String(text[0][..<colon]), hash: hash)
    }

    /// Writes the file atomically with mode 0600.
    public func write(to path: String) throws(WebFileError) {
        do {
            try AtomicFile.write(Array("\(user):\(hash)\n".utf8), to: path)
        } catch {
            throw WebFileError(operation: "writing the password file", path: path, reason: error.description)
        }
    }
}
