#if canImport(Glibc)
import Glibc
#endif

/// Writes whole lines to standard output and standard error (unbuffered, so the order of the
/// two streams is kept when they go to the same place).
enum Output {
    static func print(_ line: String) { write(STDOUT_FILENO, line + "\n") }

    static func error(_ line: String) { write(STDERR_FILENO, line + "\n") }

    /// `1 error`, `2 warnings`.
    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}
