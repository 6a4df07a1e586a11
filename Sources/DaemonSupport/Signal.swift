import CLVSShims
import Glibc

/// A POSIX signal number, with its conventional name.
public struct Signal: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The signal number (`SIGTERM` = 15 …).
    public var rawValue: CInt

    /// Wraps a signal number.
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// `SIGHUP`: reload.
    public static let hangup = Signal(rawValue: SIGHUP)
    /// `SIGINT`.
    public static let interrupt = Signal(rawValue: SIGINT)
    /// `SIGQUIT`.
    public static let quit = Signal(rawValue: SIGQUIT)
    /// `SIGKILL`.
    public static let kill = Signal(rawValue: SIGKILL)
    /// `SIGUSR1`.
    public static let user1 = Signal(rawValue: SIGUSR1)
    /// `SIGUSR2`.
    public static let user2 = Signal(rawValue: SIGUSR2)
    /// `SIGPIPE`.
    public static let pipe = Signal(rawValue: SIGPIPE)
    /// `SIGALRM`.
    public static let alarm = Signal(rawValue: SIGALRM)
    /// `SIGTERM`: graceful stop.
    public static let terminate = Signal(rawValue: SIGTERM)
    /// `SIGCHLD`: a child changed state.
    public static let child = Signal(rawValue: SIGCHLD)

    private static let names: [CInt: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
        SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
        SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
        SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP", SIGTTIN: "SIGTTIN",
        SIGTTOU: "SIGTTOU", SIGURG: "SIGURG", SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ", SIGVTALRM: "SIGVTALRM",
        SIGPROF: "SIGPROF", SIGWINCH: "SIGWINCH", SIGIO: "SIGIO", SIGPWR: "SIGPWR", SIGSYS: "SIGSYS",
    ]

    /// `SIGTERM`, `SIGKILL`, … or `signal N` for unnamed (real-time) signals.
    public var description: String { Signal.names[rawValue] ?? "signal \(rawValue)" }

    /// Sends this signal to `pid` (`kill(2)`).
    public func send(to pid: pid_t) throws(SystemCallError) {
        try SystemCall.run("kill(\(description))", on: "PID \(pid)") { Glibc.kill(pid, rawValue) }
    }
}

/// A set of signals (`sigset_t`).
public struct SignalSet: Sendable, Equatable {
    /// The members, as signal numbers.
    public private(set) var members: Set<CInt>

    /// A set of the given signals.
    public init(_ signals: [Signal] = []) { members = Set(signals.map(\.rawValue)) }

    /// Adds a signal.
    public mutating func insert(_ signal: Signal) { members.insert(signal.rawValue) }

    /// Whether `signal` is a member.
    public func contains(_ signal: Signal) -> Bool { members.contains(signal.rawValue) }

    /// The C `sigset_t` with these members.
    public var sigset: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for member in members { sigaddset(&set, member) }
        return set
    }

    /// Every signal from 1 to `SIGRTMAX` except `SIGKILL` and `SIGSTOP` (which cannot be caught).
    public static var allCatchable: SignalSet {
        var set = SignalSet()
        for number in 1...lvs_signal_max() where number != SIGKILL && number != SIGSTOP {
            set.members.insert(number)
        }
        return set
    }

    /// The calling thread's blocked mask (`pthread_sigmask(SIG_BLOCK, NULL, &old)`).
    public static func blockedInCurrentThread() -> SignalSet {
        var old = sigset_t()
        pthread_sigmask(SIG_BLOCK, nil, &old)
        var set = SignalSet()
        for number in 1...lvs_signal_max() where sigismember(&old, number) == 1 { set.members.insert(number) }
        return set
    }

    /// Blocks these signals in the calling thread (`pthread_sigmask(SIG_BLOCK)`). Called at the top
    /// of a single-threaded daemon's `main`, every later thread inherits the mask.
    public func block() throws(SystemCallError) {
        var set = sigset
        let result = pthread_sigmask(SIG_BLOCK, &set, nil)
        if result != 0 { throw SystemCallError(call: "pthread_sigmask(SIG_BLOCK)", errno: result) }
    }

    /// Unblocks these signals in the calling thread (`pthread_sigmask(SIG_UNBLOCK)`).
    public func unblock() throws(SystemCallError) {
        var set = sigset
        let result = pthread_sigmask(SIG_UNBLOCK, &set, nil)
        if result != 0 { throw SystemCallError(call: "pthread_sigmask(SIG_UNBLOCK)", errno: result) }
    }
}
