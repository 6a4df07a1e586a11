import LVSTestKit

#if canImport(Glibc)
import Glibc
#endif

/// Many commands run by one shell inside a namespace, each with its own stdin, stdout, stderr and
/// exit status: starting `ip netns exec` once instead of per command keeps the guest runs short.
struct ShellBatch {
    /// What one command did.
    struct Outcome: Equatable, CustomStringConvertible {
        var status: Int32
        var output: String
        var error: String
        var description: String { "status \(status)\nstdout:\n\(output)stderr:\n\(error)" }
    }

    /// One command line and what it reads on stdin.
    struct Command {
        var words: [String]
        var input: String = ""
    }

    private static let serial = SerialCounter()

    /// Runs `commands` in order in `namespace` and returns what each did.
    static func run(_ commands: [Command], in namespace: NetworkNamespace) throws -> [Outcome] {
        let directory = "/tmp/lvsbatch-\(getpid())-\(serial.next())"
        guard mkdir(directory, 0o700) == 0 else { throw LabError("mkdir \(directory) failed") }
        defer { _ = try? TestProcess.run("rm", ["-rf", directory]) }
        var script = "cd \(directory)\n"
        for (i, command) in commands.enumerated() {
            try write(command.input, to: "\(directory)/\(i).in")
            let quoted = command.words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            script += quoted.joined(separator: " ") + " <\(i).in >\(i).out 2>\(i).err; echo $? >\(i).rc\n"
        }
        try write(script, to: "\(directory)/batch.sh")
        let result = try namespace.run(["sh", "\(directory)/batch.sh"], timeout: .seconds(300))
        guard result.exitCode == 0 else { throw LabError("batch shell: \(result.status): \(result.error)") }
        return try commands.indices.map { i in
            Outcome(
                status: Int32(try read("\(directory)/\(i).rc").filter(\.isNumber)) ?? -1,
                output: try read("\(directory)/\(i).out"), error: try read("\(directory)/\(i).err"))
        }
    }

    private static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw LabError("cannot create \(path)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw LabError("cannot write \(path)") }
            offset += n
        }
    }

    private static func read(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw LabError("cannot open \(path)") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

}
