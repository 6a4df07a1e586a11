import DaemonSupport

/// A random secret: session CSRF tokens, and the bearer token Prometheus sends for `/metrics`
/// (kept in a file of mode 0600, `lvsweb metrics-token` makes it).
public enum SecretToken {
    /// The default path of the metrics token file.
    public static let defaultMetricsTokenPath = "/etc/sysconfig/ha/lvsweb.metrics-token"

    /// 32 random bytes as 64 hexadecimal digits (the system's generator: getrandom).
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return text
    }

    /// Whether two secrets are equal, in time that depends only on their lengths.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// Reads a token file: a private regular file holding one token of at least 32 characters.
    public static func read(_ path: String) throws(WebFileError) -> String {
        let contents = try WebFileError.reading(path, limit: 4096)
        try WebFileError.requirePrivate(path, mode: contents.mode, hint: "run lvsweb metrics-token again, or chmod 600")
        let words = String(decoding: contents.bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 1, let token = words.first.map(String.init), token.utf8.count >= 32 else {
            throw WebFileError(
                operation: "reading the metrics token", path: path,
                reason: "expected one token of 32 characters or more")
        }
        return token
    }

    /// Writes a token file (mode 0600, atomically).
    public static func write(_ token: String, to path: String) throws(WebFileError) {
        do {
            try AtomicFile.write(Array("\(token)\n".utf8), to: path)
        } catch {
            throw WebFileError(operation: "writing the metrics token", path: path, reason: error.description)
        }
    }
}
