import CLVSShims
import DaemonSupport
import Glibc

/// A fresh directory under /tmp, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/lvs-daemon-test-XXXXXX".utf8CString)
        let result = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(result != nil, "mkdtemp failed")
        path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func remove() {
        // Only our own files live here; a shallow cleanup is enough.
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name != "." && name != ".." { unlink("\(path)/\(name)") }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

/// A Unix datagram socket bound at a path: a stand-in syslog daemon.
struct DatagramListener {
    let descriptor: FileDescriptor
    let path: String

    init(path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemCallError(call: "socket", errno: errno) }
        guard lvs_unix_bind(fd, path) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw SystemCallError(call: "bind", object: path, errno: code)
        }
        descriptor = FileDescriptor(rawValue: fd)
        self.path = path
    }

    /// The next datagram, waiting at most `timeout` milliseconds.
    func receive(timeout: Int32 = 2000) -> [UInt8]? {
        var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, timeout) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor.rawValue, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return Array(buffer[..<count])
    }

    func close() {
        descriptor.closeQuietly()
        unlink(path)
    }
}

/// Reads a descriptor until end of file or `timeout` milliseconds pass.
func readAll(_ descriptor: FileDescriptor, timeout: Int32 = 5000) -> [UInt8] {
    var collected: [UInt8] = []
    let deadline = ContinuousClock.now + .milliseconds(Int(timeout))
    while ContinuousClock.now < deadline {
        var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        let remaining = Int32(max(1, (deadline - ContinuousClock.now).inNanoseconds / 1_000_000))
        guard poll(&entry, 1, remaining) == 1 else { break }
        guard let chunk = try? descriptor.read(upTo: 4096) else { continue }
        if chunk.isEmpty { break }
        collected += chunk
    }
    return collected
}
