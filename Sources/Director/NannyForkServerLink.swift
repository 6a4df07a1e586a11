import DaemonSupport
import Glibc
import Logging

/// lvsd's link to `nanny --fork-server`: the suite's nannies are forked from one warmed-up nanny
/// instead of each being started with `exec`, so hundreds of them share its pages (the language
/// runtime, OpenSSL's tables) and each costs a fraction of the memory.
///
/// The server is started on the first nanny. While it cannot be used (it failed to start, died,
/// or stopped answering) ``spawn(_:report:command:onExit:)`` returns nil and lvsd starts nannies
/// with `exec`, as it always could; the server is tried again after ``retryAfter``.
final class NannyForkServerLink {
    /// How long lvsd starts nannies with `exec` after the fork server failed.
    static let retryAfter = Duration.seconds(30)

    private let executable: String
    private let loop: EventLoop
    private let reaper: ChildReaper
    private let logger: Logger
    private var client: ForkServerClient?
    private var unavailableUntil: ContinuousClock.Instant?

    /// A link to the fork server of `executable` (the suite's nanny), not started yet.
    init(executable: String, loop: EventLoop, reaper: ChildReaper, logger: Logger) {
        self.executable = executable
        self.loop = loop
        self.reaper = reaper
        self.logger = logger
    }

    /// Forks a nanny with `arguments`, `report` as its descriptor 3; returns its PID, or nil when
    /// the fork server cannot be used now (start this nanny with `exec`).
    func spawn(
        _ arguments: [String], report: FileDescriptor, command: String, onExit: @escaping (ChildExit) -> Void
    ) -> pid_t? {
        guard let client = available() else { return nil }
        do {
            return try client.spawn(arguments, passing: report, command: command, onExit: onExit)
        } catch {
            if client.brokenReason != nil {
                logger.warning(
                    "the nanny fork server failed (\(error.reason)); starting nannies with exec for \(Self.retryAfter)")
                self.client = nil
                unavailableUntil = loop.now + Self.retryAfter
            } else {
                logger.warning("the nanny fork server could not start a nanny (\(error.reason)); using exec for it")
            }
            return nil
        }
    }

    /// Starts the server now, so that it warms up while lvsd reads its table, before the first
    /// nanny is asked for.
    func start() {
        _ = available()
    }

    /// Stops the server (it exits when its socket closes); running nannies are not affected.
    func stop() {
        client?.close()
        client = nil
    }

    private func available() -> ForkServerClient? {
        if let client { return client }
        if let until = unavailableUntil, loop.now < until { return nil }
        do {
            let started = try ForkServerClient(
                executable: executable, arguments: ["--fork-server"], reaper: reaper
            ) { [weak self] exit in self?.serverExited(exit) }
            logger.info(
                "started the nanny fork server: nannies are forked from it", metadata: ["pid": "\(started.serverPID)"])
            client = started
            return started
        } catch {
            logger.warning("cannot start the nanny fork server (\(error)); starting nannies with exec")
            unavailableUntil = loop.now + Self.retryAfter
            return nil
        }
    }

    private func serverExited(_ exit: ChildExit) {
        guard let client, client.serverPID == exit.pid else { return }
        client.close()
        self.client = nil
        logger.warning("the nanny fork server \(exit.status); starting it again for the next nanny")
    }
}
