#if canImport(Glibc)
import Glibc
#endif

/// The expected bytes of a listing, from `Golden/<name>.txt` next to this file. The files were
/// produced from ipvsadm 1.31's format strings with an independent printf.
func golden(_ name: String, file: String = #filePath) -> String {
    let directory = file[..<file.lastIndex(of: "/")!]
    let path = "\(directory)/Golden/\(name).txt"
    let fd = open(path, O_RDONLY)
    precondition(fd >= 0, "cannot open \(path)")
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes += chunk[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}
