import Glibc

/// Debian's `sshd` in a lab namespace, for tests that need a real ssh peer (the load monitor's
/// real servers, lvsweb sending lvs.cf to the other director). It runs in its own mount
/// namespace with an empty /run; with a load, a test-made file is bind-mounted over
/// `/proc/loadavg` (as LXCFS gives containers their own load), so the server reports the load the
/// test sets. Root logs in with a key the test made; nothing of the machine's own ssh setup is
/// used or touched.
public final class SSHTestServer {
    /// The address sshd listens on (port 22).
    public let address: String
    private let loadFile: String
    private var sshd: TestProcess?

    /// Starts sshd at `address` inside `namespace`, with `keys`' host key and authorized client
    /// key, reporting `load` when given. With `stallFor`, every session runs `sleep` that long
    /// instead of the requested command (a query that hangs).
    public init(
        namespace: NetworkNamespace, address: String, keys: SSHTestKeys, load: Double? = nil,
        stallFor seconds: Int? = nil
    ) throws {
        self.address = address
        let base = "\(keys.directory)/\(address)"
        loadFile = base + ".loadavg"
        var config = """
            Port 22
            ListenAddress \(address)
            HostKey \(keys.hostKey)
            AuthorizedKeysFile \(keys.authorizedKeys)
            PermitRootLogin prohibit-password
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PidFile none

            """
        if let seconds { config += "ForceCommand /bin/sleep \(seconds)\n" }
        try SSHTestKeys.write(config, to: base + ".sshd_config")
        var steps: [String] = []
        if let load {
            try setLoad(load)
            steps.append("mount --bind \(loadFile) /proc/loadavg")
        }
        // A private mount namespace: an empty /run with the privilege-separation directory sshd
        // needs, without touching the host's /run.
        steps += [
            "mount -t tmpfs -o mode=0755 tmpfs /run", "mkdir -m 0755 /run/sshd",
            "exec /usr/sbin/sshd -D -e -f \(base).sshd_config",
        ]
        let script = steps.joined(separator: " && ")
        sshd = try namespace.start(["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script])
    }

    /// Rewrites the load file in place (the bind mount follows the inode, not the name).
    public func setLoad(_ load: Double) throws {
        let text = "\(load) \(load) \(load) 1/100 4242\n"
        try SSHTestKeys.write(text, to: loadFile)
    }

    /// Stops sshd (the server itself stays reachable).
    public func stop() {
        _ = sshd?.terminate()
        sshd = nil
    }

    deinit { stop() }
}

/// Keys and client configuration made by a test in its own directory: a host key, a client key
/// authorized for root, and an `ssh` wrapper that uses them (`-F` with its own config, no
/// known_hosts), so nanny's `-U <dir>/bin/ssh` runs the real ssh client.
public struct SSHTestKeys: Sendable {
    /// The directory holding everything.
    public let directory: String
    /// sshd's host key.
    public var hostKey: String { directory + "/host_key" }
    /// The client's key.
    public var clientKey: String { directory + "/client_key" }
    /// The authorized keys (the client's).
    public var authorizedKeys: String { directory + "/authorized_keys" }
    /// The wrapper nanny runs; its name ends in `/ssh`, so nanny adds BatchMode and ConnectTimeout.
    public var sshWrapper: String { directory + "/bin/ssh" }

    /// Makes the keys and the wrapper in a new directory.
    public init() throws {
        directory = "/tmp/lvs-load-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(directory, 0o700) == 0, mkdir(directory + "/bin", 0o700) == 0 else {
            throw LabError("creating the ssh test directory \(directory): \(String(cString: strerror(errno)))")
        }
        for key in [hostKey, clientKey] {
            let result = try TestProcess.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])
            guard result.exitCode == 0 else {
                throw LabError("ssh-keygen -f \(key): \(result.status): \(result.error)")
            }
        }
        let copied = try TestProcess.run("cp", [clientKey + ".pub", authorizedKeys])
        guard copied.exitCode == 0 else { throw LabError("copying the client key: \(copied.error)") }
        try Self.write(
            """
            User root
            IdentityFile \(clientKey)
            IdentitiesOnly yes
            UserKnownHostsFile /dev/null
            StrictHostKeyChecking no
            LogLevel ERROR

            """, to: directory + "/ssh_config")
        try Self.write("#!/bin/sh\nexec /usr/bin/ssh -F \(directory)/ssh_config \"$@\"\n", to: sshWrapper)
        chmod(sshWrapper, 0o755)
    }

    /// Removes the directory.
    public func remove() {
        _ = try? TestProcess.run("rm", ["-rf", directory])
    }

    /// Writes `text` to `path`, truncating it in place.
    public static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LabError("writing \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else {
            throw LabError("writing \(path): \(String(cString: strerror(errno)))")
        }
    }
}
