/// The outcome of a finished process.
public struct TestProcessResult: Sendable {
    /// How it ended.
    public let status: TestProcessStatus
    /// Its stdout.
    public let standardOutput: [UInt8]
    /// Its stderr.
    public let standardError: [UInt8]

    /// The exit code, or 128 + signal, like a shell's `$?`.
    public var exitCode: Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    /// stdout as text.
    public var output: String { String(decoding: standardOutput, as: UTF8.self) }
    /// stderr as text.
    public var error: String { String(decoding: standardError, as: UTF8.self) }
}
