import DaemonSupport

/// Standard input read whole and bounded: the new lvs.cf that `install-config` receives, often
/// over ssh, in pieces as the network delivers them.
enum StandardInput {
    /// Everything up to end of file, at most `limit` bytes. A non-blocking standard input (one
    /// shared with a parent that set `O_NONBLOCK`) is waited on when it has nothing yet, not taken
    /// as ended: the file would be installed cut short.
    static func readAll(limit: Int) throws(StandardInputError) -> [UInt8] {
        let input = FileDescriptor.standardInput
        var bytes: [UInt8] = []
        while true {
            let chunk: [UInt8]?
            do { chunk = try input.read(upTo: 1 << 16) } catch { throw .system(error) }
            guard let chunk else {
                do { _ = try input.waitUntilReadable(timeout: .seconds(60)) } catch { throw .system(error) }
                continue
            }
            if chunk.isEmpty { return bytes }
            bytes += chunk
            if bytes.count > limit { throw .tooLarge(limit: limit) }
        }
    }
}

/// Standard input that could not be read whole.
enum StandardInputError: Error, CustomStringConvertible {
    /// A system call failed.
    case system(SystemCallError)
    /// More than the limit came.
    case tooLarge(limit: Int)

    var description: String {
        switch self {
        case .system(let error): "reading standard input: \(error)"
        case .tooLarge(let limit): "standard input is larger than \(limit >> 20) MiB"
        }
    }
}
