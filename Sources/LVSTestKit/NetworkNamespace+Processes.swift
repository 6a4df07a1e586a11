#if canImport(Glibc)
import Glibc
#endif

extension NetworkNamespace {
    /// The PIDs of the processes in this namespace (this process excepted), found by comparing
    /// each process's `/proc/PID/ns/net` with the namespace file's inode.
    public func processes() -> [pid_t] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        let wanted = "net:[\(info.st_ino)]"
        guard let proc = opendir("/proc") else { return [] }
        defer { closedir(proc) }
        var pids: [pid_t] = []
        while let entry = readdir(proc) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name), pid != getpid() else { continue }
            var buffer = [CChar](repeating: 0, count: 64)
            let length = readlink("/proc/\(pid)/ns/net", &buffer, buffer.count - 1)
            guard length > 0 else { continue }
            let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link == wanted { pids.append(pid) }
        }
        return pids
    }

    /// SIGKILLs every process in this namespace (all of them started by its lab or a test using
    /// it) until none is left, at most `timeout`; returns whether none is.
    @discardableResult
    public func killProcesses(timeout: Duration = .seconds(5)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            let pids = processes()
            if pids.isEmpty { return true }
            guard ContinuousClock.now < deadline else { return false }
            for pid in pids { kill(pid, SIGKILL) }
            usleep(20_000)
        }
    }
}
