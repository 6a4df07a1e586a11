#if canImport(Glibc)
import Glibc
#endif
import LVSTestKit

/// Small file reads the lab needs where Foundation's would read the wrong namespace's view
/// (files under `/proc/thread-self`).
enum LabFiles {
    /// The whole of `path`, as text.
    static func read(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LabError("reading \(path): \(LabError.errnoText())") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw LabError("reading \(path): \(LabError.errnoText())")
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
