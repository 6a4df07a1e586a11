import DaemonSupport
import LVSConfig

/// Sends this director's lvs.cf to its peer the way Piranha's guides told admins to copy it, but
/// checked on arrival: over ssh (authenticated by the root user's keys; no new port), where the
/// peer's `lvsctl install-config --reload` checks the file exactly as check-config does, refuses
/// it with its diagnostics if it has errors, else replaces its own atomically (keeping the
/// previous version) and has its pulse reload.
public struct PeerSync: Sendable {
    /// The ssh command and its options, without the destination.
    public var ssh: [String]
    /// The user to log in as on the peer.
    public var user: String
    /// lvsctl on the peer.
    public var remoteLVSCtl: String
    /// lvs.cf's path on the peer.
    public var remotePath: String
    /// The limit for the whole exchange.
    public var limit: Duration

    /// The default ssh command: never a password prompt, a bounded connect.
    public static let defaultSSH = ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5"]

    /// A sync over `ssh`.
    public init(
        ssh: [String] = PeerSync.defaultSSH, user: String = "root", remoteLVSCtl: String = "lvsctl",
        remotePath: String = LVSConfigFile.defaultPath, limit: Duration = .seconds(30)
    ) {
        self.ssh = ssh
        self.user = user
        self.remoteLVSCtl = remoteLVSCtl
        self.remotePath = remotePath
        self.limit = limit
    }

    /// What happened.
    public struct Outcome: Sendable, Equatable {
        /// Whether the peer installed the file.
        public var installed: Bool
        /// One line for the admin.
        public var summary: String
        /// What the peer printed (its diagnostics, or ssh's error).
        public var output: String
    }

    /// The command line for `peer`.
    public func arguments(peer: String) -> [String] {
        let destination = "\(user)@\(peer)"
        return ssh + [destination, remoteLVSCtl, "install-config", "--file", remotePath, "--reload"]
    }

    /// Sends `bytes` to `peer`; blocks up to ``limit``.
    public func send(_ bytes: [UInt8], to peer: String) -> Outcome {
        let words = arguments(peer: peer)
        let spec = ChildProcessSpec(executable: words[0], arguments: Array(words.dropFirst()))
        let outcome: BoundedCommand.Outcome
        do {
            outcome = try BoundedCommand.run(spec, input: bytes, limit: limit)
        } catch {
            return Outcome(installed: false, summary: "could not run \(words[0]): \(error)", output: "")
        }
        return Self.outcome(of: outcome, peer: peer, user: user, limit: limit)
    }

    /// What a finished (or killed) `ssh … lvsctl install-config` means for the admin.
    public static func outcome(of run: BoundedCommand.Outcome, peer: String, user: String, limit: Duration) -> Outcome {
        let output = String(decoding: run.output, as: UTF8.self)
        switch run.status {
        case nil:
            return Outcome(
                installed: false, summary: "no answer from \(peer) within \(limit); ssh was killed", output: output)
        case .exited(0)?:
            return Outcome(
                installed: true, summary: "\(peer) checked and installed this director's lvs.cf", output: output)
        case .exited(255)?:
            return Outcome(
                installed: false, summary: "ssh to \(user)@\(peer) failed (status 255); nothing was sent",
                output: output)
        case let status?:
            // 1: the file had errors (nothing written), or it was installed and pulse did not
            // reload; the peer's own words below say which.
            return Outcome(
                installed: false, summary: "lvsctl install-config on \(peer) \(status)", output: output)
        }
    }
}
