// lvsadm: the ipvsadm-compatible command line. Wiring only: the real IPVS client, the real
// standard streams, and `modprobe` for a kernel whose module is not loaded yet.
#if canImport(Glibc)
import Glibc
#endif
import DaemonSupport
import IPVS
import IPVSAdmin
import Logging

/// `/sbin/modprobe -- ip_vs`, as ipvsadm runs it when IPVS is not reachable; true on exit 0.
func loadIPVSModule() -> Bool {
    let modprobe = ChildProcessSpec(
        executable: "/sbin/modprobe", arguments: ["--", "ip_vs"], standardInput: .inherit)
    return (try? ProcessSpawner.run(modprobe))?.isSuccess ?? false
}

let logger = Logger(label: "lvsadm", factory: { _ in SwiftLogNoOpLogHandler() })
let environment = AdminEnvironment(
    openTable: { () throws(IPVSError) -> any IPVSTable in try IPVSClient(logger: logger) },
    loadModule: loadIPVSModule,
    // ipvsadm reads a restore file whole, however large (a table of 100,000 services is ~10 MB).
    readStandardInput: { (try? FileDescriptor.standardInput.readToEnd(limit: Int.max)) ?? [] },
    // A /proc file: its size reads as 0, its contents are generated while read.
    readConnectionTable: { try? RegularFile.read("/proc/net/ip_vs_conn", limit: Int.max) },
    writeOutput: { try? FileDescriptor.standardOutput.writeAll($0) },
    writeError: { try? FileDescriptor.standardError.writeAll($0) },
    outputIsTerminal: isatty(STDOUT_FILENO) != 0,
    posixlyCorrect: getenv("POSIXLY_CORRECT") != nil || getenv("POSIX_ME_HARDER") != nil)
exit(IPVSAdmin.run(arguments: CommandLine.arguments, environment: environment))
