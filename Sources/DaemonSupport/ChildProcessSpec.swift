import Glibc

/// What to run as a child process, and how to wire its descriptors.
///
/// The child starts with an empty signal mask and default signal dispositions, whatever the
/// parent's thread had (a blocked mask is inherited through exec, and the daemons block the
/// signals their loops read). Only the
/// standard streams and ``mappedDescriptors`` are open in it; every other descriptor is closed.
public struct ChildProcessSpec: Sendable {
    /// Where one of the child's standard streams comes from or goes to.
    public enum Stream: Sendable, Equatable {
        /// The parent's own stream.
        case inherit
        /// `/dev/null`.
        case null
        /// A new pipe; the parent's end is returned in ``SpawnedProcess``.
        case pipe
        /// An open descriptor of the parent.
        case descriptor(FileDescriptor)
    }

    /// The program: a path, or a bare name looked up in `PATH` (no shell is involved).
    public var executable: String
    /// The arguments after `argv[0]`.
    public var arguments: [String]
    /// `argv[0]`; `nil` means ``executable``.
    public var argumentZero: String?
    /// `NAME=value` entries; `nil` inherits the parent's environment.
    public var environment: [String]?
    /// Standard input (default `/dev/null`).
    public var standardInput: Stream
    /// Standard output (default: inherited).
    public var standardOutput: Stream
    /// Standard error (default: inherited).
    public var standardError: Stream
    /// Extra descriptors, keyed by their number in the child (3 and up), e.g. `[3: socket]`.
    public var mappedDescriptors: [Int32: FileDescriptor]
    /// Start the child in a new session (`setsid`), detached from the parent's terminal and
    /// process group, so a Ctrl-C meant for the parent does not reach it.
    public var newSession: Bool
    /// Start the child as the leader of a new process group (`setpgid(0, 0)`) in the parent's
    /// session, so that the child and whatever it starts can be signalled as one
    /// (`kill(-pid, …)`), and a terminal's Ctrl-C, sent to the foreground group, does not reach
    /// it. Implied by ``newSession`` (a new session is a new process group too).
    public var newProcessGroup: Bool

    /// A child running `executable` with `arguments`.
    public init(
        executable: String,
        arguments: [String] = [],
        argumentZero: String? = nil,
        environment: [String]? = nil,
        standardInput: Stream = .null,
        standardOutput: Stream = .inherit,
        standardError: Stream = .inherit,
        mappedDescriptors: [Int32: FileDescriptor] = [:],
        newSession: Bool = false,
        newProcessGroup: Bool = false
    ) {
        self.executable = executable
        self.arguments = arguments
        self.argumentZero = argumentZero
        self.environment = environment
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.mappedDescriptors = mappedDescriptors
        self.newSession = newSession
        self.newProcessGroup = newProcessGroup
    }

    /// `executable arguments…`, for messages.
    public var commandLine: String { ([executable] + arguments).joined(separator: " ") }
}

/// A child that was started: its PID and the parent's ends of any pipes.
public struct SpawnedProcess: Sendable {
    /// The child's process ID.
    public var pid: pid_t
    /// Read end of the child's standard output pipe (non-blocking, close-on-exec), if requested.
    public var standardOutput: FileDescriptor?
    /// Read end of the child's standard error pipe (non-blocking, close-on-exec), if requested.
    public var standardError: FileDescriptor?
    /// Write end of the child's standard input pipe (non-blocking, close-on-exec), if requested.
    public var standardInput: FileDescriptor?
}
