// lvsadm: the ipvsadm-compatible command line. Wiring only: the real IPVS client, the real
// standard streams, and `modprobe` for a kernel whose module is not loaded yet.
#if canImport(Glibc)
import Glibc
#endif
import CLVSShims
import IPVS
import IPVSAdmin
import Logging

/// Writes all of `bytes` to `descriptor`, retrying after interruptions and short writes.
func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        offset += n
    }
}

/// Reads a descriptor to its end.
func readAll(_ descriptor: Int32) -> [UInt8] {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return out }
        out += chunk[0..<n]
    }
}

/// `/sbin/modprobe -- ip_vs`, as ipvsadm runs it when IPVS is not reachable; true on exit 0.
func loadIPVSModule() -> Bool {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var defaults = sigset_t()
    sigfillset(&defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let words: [String] = ["/sbin/modprobe", "--", "ip_vs"]
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var child: pid_t = 0
    guard posix_spawn(&child, "/sbin/modprobe", nil, &attributes, argv, lvs_environ()) == 0 else { return false }
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 {
        if errno != EINTR { return false }
    }
    // Exited normally with status 0.
    return status & 0x7f == 0 && (status >> 8) & 0xff == 0
}

let logger = Logger(label: "lvsadm", factory: { _ in SwiftLogNoOpLogHandler() })
let environment = AdminEnvironment(
    openTable: { () throws(IPVSError) -> any IPVSTable in try IPVSClient(logger: logger) },
    loadModule: loadIPVSModule,
    readStandardInput: { readAll(STDIN_FILENO) },
    readConnectionTable: {
        let fd = open("/proc/net/ip_vs_conn", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd)
    },
    writeOutput: { writeAll($0, to: STDOUT_FILENO) },
    writeError: { writeAll($0, to: STDERR_FILENO) },
    outputIsTerminal: isatty(STDOUT_FILENO) != 0,
    posixlyCorrect: getenv("POSIXLY_CORRECT") != nil || getenv("POSIX_ME_HARDER") != nil)
exit(IPVSAdmin.run(arguments: CommandLine.arguments, environment: environment))
