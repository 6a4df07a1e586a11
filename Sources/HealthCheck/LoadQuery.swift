import DaemonSupport

/// One question to a real server about its load: runs the load command (see
/// ``LoadMonitorCommand``) bounded by a timeout and reads the 1-minute load average from its
/// output.
public struct LoadQuery: Sendable {
    /// The argument vector, program first.
    public var arguments: [String]
    /// How long the command may run before it is killed with its process group.
    public var timeout: Duration

    /// Most output read; `uptime` prints one line.
    static let outputLimit = 4095

    /// A query running `arguments` for at most `timeout`.
    public init(arguments: [String], timeout: Duration) {
        self.arguments = arguments
        self.timeout = timeout
    }

    /// The command as log lines show it.
    public var commandText: String { arguments.joined(separator: " ") }

    /// Reads the load from a finished command's output and status; the error text says why
    /// there is none (naming the command, not the server: the caller adds that).
    public func load(output: [UInt8], status: TerminationStatus) -> Result<Double, LoadQueryFailure> {
        guard status.isSuccess else {
            return .failure(LoadQueryFailure(command: commandText, reason: "\(status)"))
        }
        do {
            return .success(try LoadAverage.parse(String(decoding: output, as: UTF8.self)))
        } catch {
            return .failure(LoadQueryFailure(command: commandText, reason: "output unusable: \(error)"))
        }
    }

    /// Starts the query on `loop`; `completion` runs once on a later loop turn unless the
    /// returned run is cancelled.
    public func start(
        loop: EventLoop, reaper: ChildReaper, completion: @escaping (Result<Double, LoadQueryFailure>) -> Void
    ) -> any RunningCheck {
        let query = self
        let run = ProgramRun(
            arguments: arguments, loop: loop, reaper: reaper, timeout: timeout, outputLimit: Self.outputLimit
        ) { outcome in
            switch outcome {
            case .finished(let output, let status):
                completion(query.load(output: output, status: status))
            case .timedOut:
                completion(
                    .failure(
                        LoadQueryFailure(
                            command: query.commandText,
                            reason: "did not finish within \(NannyStateMachine.seconds(query.timeout)) and was killed"))
                )
            case .notStarted(let reason):
                completion(.failure(LoadQueryFailure(command: query.commandText, reason: "could not start: \(reason)")))
            }
        }
        run.start()
        return run
    }
}
