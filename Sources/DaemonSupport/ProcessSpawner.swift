import CLVSShims
import Glibc

/// Starts child processes with `posix_spawn`: no shell, an empty signal mask, default signal
/// dispositions (`POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF`), chosen descriptors mapped
/// into the child and every other descriptor closed; on request in a new session or a new
/// process group.
///
/// Daemons leave waiting to the ``ChildReaper`` (one per process); a one-shot command that has
/// no loop runs a child to its end with ``run(_:)``.
public enum ProcessSpawner {
    /// Starts `spec` and waits for it to end (a command line tool's child, such as `modprobe`).
    public static func run(_ spec: ChildProcessSpec) throws(SystemCallError) -> TerminationStatus {
        let child = try spawn(spec)
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0 {
            if errno != EINTR { throw SystemCallError(call: "waitpid", object: "PID \(child.pid)", errno: errno) }
        }
        return TerminationStatus(waitStatus: status)
    }

    /// Starts `spec`. Throws when the program cannot be started (the error names it).
    public static func spawn(_ spec: ChildProcessSpec) throws(SystemCallError) -> SpawnedProcess {
        var cleanup: [FileDescriptor] = []  // closed in the parent whatever happens
        defer { for descriptor in cleanup { descriptor.closeQuietly() } }

        var spawned = SpawnedProcess(pid: 0)
        // Child descriptor number -> parent descriptor to put there.
        var targets: [(child: Int32, source: FileDescriptor)] = []

        func wire(_ stream: ChildProcessSpec.Stream, as child: Int32) throws(SystemCallError) -> FileDescriptor? {
            switch stream {
            case .inherit:
                return nil
            case .null:
                let null = try FileDescriptor.openNull()
                cleanup.append(null)
                targets.append((child, null))
                return nil
            case .descriptor(let descriptor):
                targets.append((child, descriptor))
                return nil
            case .pipe:
                let (read, write) = try FileDescriptor.makePipe()
                let (parentEnd, childEnd) = child == 0 ? (write, read) : (read, write)
                cleanup.append(childEnd)
                targets.append((child, childEnd))
                do {
                    try parentEnd.setNonBlocking()
                } catch {
                    parentEnd.closeQuietly()
                    throw error
                }
                return parentEnd
            }
        }

        var parentEnds: [FileDescriptor] = []
        do {
            spawned.standardInput = try wire(spec.standardInput, as: 0)
            spawned.standardOutput = try wire(spec.standardOutput, as: 1)
            spawned.standardError = try wire(spec.standardError, as: 2)
            parentEnds = [spawned.standardInput, spawned.standardOutput, spawned.standardError].compactMap { $0 }
            for (child, source) in spec.mappedDescriptors.sorted(by: { $0.key < $1.key }) {
                precondition(child >= 3, "mapped descriptors start at 3; use the stream options for 0-2")
                targets.append((child, source))
            }
            spawned.pid = try start(spec, targets: targets, cleanup: &cleanup)
        } catch {
            for end in parentEnds { end.closeQuietly() }
            throw error
        }
        return spawned
    }

    private static func start(
        _ spec: ChildProcessSpec,
        targets: [(child: Int32, source: FileDescriptor)],
        cleanup: inout [FileDescriptor]
    ) throws(SystemCallError) -> pid_t {
        // Copy every source above the highest target first, so that dup2 into one target can
        // never overwrite a source still needed for another (e.g. mapping 3<-4 and 4<-3).
        let firstFree = max(3, (targets.map(\.child).max() ?? 2) + 1)
        var moves: [(child: Int32, temporary: CInt)] = []
        for (child, source) in targets {
            let temporary = try SystemCall.run("fcntl(F_DUPFD_CLOEXEC)", on: source.description) {
                fcntl(source.rawValue, F_DUPFD_CLOEXEC, firstFree)
            }
            cleanup.append(FileDescriptor(rawValue: temporary))
            moves.append((child, temporary))
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for move in moves {
            try check(
                posix_spawn_file_actions_adddup2(&actions, move.temporary, move.child),
                "posix_spawn_file_actions_adddup2", spec)
        }
        // Descriptors between 3 and the highest target that are not targets: close them too.
        let mapped = Set(targets.map(\.child))
        for number in Int32(3)..<firstFree where !mapped.contains(number) {
            try check(posix_spawn_file_actions_addclose(&actions, number), "posix_spawn_file_actions_addclose", spec)
        }
        try check(lvs_spawn_add_closefrom(&actions, firstFree), "posix_spawn_file_actions_addclosefrom_np", spec)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = SignalSet.allCatchable.sigset
        try check(posix_spawnattr_setsigmask(&attributes, &empty), "posix_spawnattr_setsigmask", spec)
        try check(posix_spawnattr_setsigdefault(&attributes, &defaults), "posix_spawnattr_setsigdefault", spec)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if spec.newSession {
            flags |= lvs_posix_spawn_setsid()
        } else if spec.newProcessGroup {
            // Not with setsid: a session leader may not change its process group (EPERM).
            try check(posix_spawnattr_setpgroup(&attributes, 0), "posix_spawnattr_setpgroup", spec)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        }
        try check(posix_spawnattr_setflags(&attributes, Int16(flags)), "posix_spawnattr_setflags", spec)

        let argv = [spec.argumentZero ?? spec.executable] + spec.arguments
        let environment = spec.environment
        var pid: pid_t = 0
        let result = withCStrings(argv) { argvPointer in
            if let environment {
                return withCStrings(environment) { envPointer in
                    spawnCall(spec.executable, &pid, &actions, &attributes, argvPointer, envPointer)
                }
            }
            return spawnCall(spec.executable, &pid, &actions, &attributes, argvPointer, lvs_environ())
        }
        if result != 0 { throw SystemCallError(call: "spawning", object: spec.executable, errno: result) }
        return pid
    }

    private static func spawnCall(
        _ executable: String,
        _ pid: inout pid_t,
        _ actions: inout posix_spawn_file_actions_t,
        _ attributes: inout posix_spawnattr_t,
        _ argv: UnsafePointer<UnsafeMutablePointer<CChar>?>,
        _ envp: UnsafePointer<UnsafeMutablePointer<CChar>?>?
    ) -> Int32 {
        // posix_spawnp searches PATH only for names without a slash, like execvp.
        if executable.contains("/") {
            return posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        return posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
    }

    private static func check(_ result: Int32, _ call: String, _ spec: ChildProcessSpec) throws(SystemCallError) {
        if result != 0 { throw SystemCallError(call: call, object: spec.executable, errno: result) }
    }

    /// Calls `body` with a NULL-terminated array of C strings that lives for the call.
    private static func withCStrings<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
