import DaemonSupport
import Glibc
import Testing

@Suite struct PidfileTests {
    func contents(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "" }
        let descriptor = FileDescriptor(rawValue: fd)
        defer { descriptor.closeQuietly() }
        return String(decoding: (try? descriptor.read(upTo: 100)) ?? [], as: UTF8.self)
    }

    func write(_ text: String, to path: String) {
        let descriptor = FileDescriptor(rawValue: open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644))
        try? descriptor.writeAll(Array(text.utf8))
        descriptor.closeQuietly()
    }

    /// A PID that is certainly not running: a child that has exited and been collected.
    func deadPID() throws -> pid_t {
        let child = try ProcessSpawner.spawn(ChildProcessSpec(executable: "/bin/true"))
        waitpid(child.pid, nil, 0)
        return child.pid
    }

    @Test func theRecordedPIDIsTheFilesFirstWord() throws {
        #expect(Pidfile.pid(in: "4242\n") == 4242)
        #expect(Pidfile.pid(in: "17 lvsd\n") == 17)
        #expect(Pidfile.pid(in: "") == nil)
        #expect(Pidfile.pid(in: "lvsd\n") == nil)
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/lvsd.pid"
        #expect(Pidfile.recordedPID(at: path) == nil)
        write("31337\n", to: path)
        #expect(Pidfile.recordedPID(at: path) == 31337)
    }

    @Test func writesOurPIDAndRemovesTheFileOnRelease() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/lvsd.pid"
        let pidfile = try Pidfile.acquire(path: path, program: "lvsd")
        #expect(contents(path) == "\(getpid())\n")
        #expect(pidfile.replacedStalePID == nil)
        pidfile.release()
        #expect(access(path, F_OK) != 0)
    }

    @Test func aSecondInstanceIsRefusedWhileTheFirstHoldsIt() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/pulse.pid"
        let first = try Pidfile.acquire(path: path, program: "pulse")
        defer { first.release() }
        #expect(throws: PidfileError.alreadyRunning(program: "pulse", pid: getpid(), path: path)) {
            _ = try Pidfile.acquire(path: path, program: "pulse")
        }
        #expect(
            PidfileError.alreadyRunning(program: "pulse", pid: 12, path: path).description
                == "pulse is already running (PID 12, pidfile \(path))")
    }

    @Test func aZombieIsNotRunning() throws {
        // Exited, not collected yet: its comm is still there, but it runs no more.
        let pid = try ProcessSpawner.spawn(ChildProcessSpec(executable: "/bin/true", argumentZero: "true")).pid
        defer { waitpid(pid, nil, 0) }
        var zombie = false
        for _ in 0..<500 where !zombie {
            zombie = Pidfile.isZombie(pid)
            if !zombie { usleep(10_000) }
        }
        #expect(zombie)
        #expect(Pidfile.processName(pid) == "true")
        #expect(!Pidfile.isRunning(pid, program: "true"))
        #expect(Pidfile.isRunning(getpid(), program: Pidfile.processName(getpid()) ?? "?"))
    }

    @Test func aStaleFileWithADeadPIDIsReplaced() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/lvsd.pid"
        let dead = try deadPID()
        write("\(dead)\n", to: path)
        let pidfile = try Pidfile.acquire(path: path, program: "lvsd")
        defer { pidfile.release() }
        #expect(pidfile.replacedStalePID == dead)
        #expect(contents(path) == "\(getpid())\n")
    }

    @Test func aLiveProcessOfTheSameProgramIsRefusedAnotherProgramIsStale() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/x.pid"
        let sleeper = try ProcessSpawner.spawn(ChildProcessSpec(executable: "/bin/sleep", arguments: ["30"]))
        defer { kill(sleeper.pid, SIGKILL); waitpid(sleeper.pid, nil, 0) }
        // The kernel sets comm at exec; wait until it reads "sleep".
        for _ in 0..<200 where Pidfile.processName(sleeper.pid) != "sleep" { usleep(5000) }
        write("\(sleeper.pid)\n", to: path)
        #expect(throws: PidfileError.alreadyRunning(program: "sleep", pid: sleeper.pid, path: path)) {
            _ = try Pidfile.acquire(path: path, program: "sleep")
        }
        // A recycled PID now used by another program does not block lvsd.
        let pidfile = try Pidfile.acquire(path: path, program: "lvsd")
        #expect(pidfile.replacedStalePID == sleeper.pid)
        pidfile.release()
    }

    @Test func unwritableLocationIsANamedError() {
        #expect {
            _ = try Pidfile.acquire(path: "/nonexistent-dir/lvsd.pid", program: "lvsd")
        } throws: { error in
            "\(error)" == "pidfile: open /nonexistent-dir/lvsd.pid: No such file or directory"
        }
    }

    @Test func runtimeDirectoryIsCreatedWithItsMode() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/run"
        defer { rmdir(path) }
        try RuntimeDirectory.prepare(path, mode: 0o700)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        chmod(path, 0o755)
        try RuntimeDirectory.prepare(path, mode: 0o700)
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(RuntimeDirectory.parentPath(of: "/run/lvsd/lvsd.sock") == "/run/lvsd")
        #expect(RuntimeDirectory.parentPath(of: "/run") == "/")
        #expect(RuntimeDirectory.parentPath(of: "x") == ".")
    }

    @Test func runtimeDirectoryRefusesAFile() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/file"
        write("x", to: path)
        #expect {
            try RuntimeDirectory.prepare(path)
        } throws: { error in
            "\(error)" == "preparing runtime directory \(path): Not a directory"
        }
    }
}

/// The files root writes in its runtime directory must not be redirected by whoever could write
/// there before (a symbolic link where the pidfile goes would have root overwrite its target).
@Suite struct RuntimeFileSafetyTests {
    @Test func aPidfilePathThatIsASymbolicLinkIsRefusedAndItsTargetUntouched() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let victim = "\(directory.path)/victim"
        let descriptor = FileDescriptor(rawValue: open(victim, O_WRONLY | O_CREAT | O_TRUNC, 0o644))
        try descriptor.writeAll(Array("precious\n".utf8))
        descriptor.closeQuietly()
        let path = "\(directory.path)/pulse.pid"
        try #require(symlink(victim, path) == 0)
        #expect {
            _ = try Pidfile.acquire(path: path, program: "pulse")
        } throws: { error in
            "\(error)".contains("it is a symbolic link; refusing to follow it")
        }
        let kept = FileDescriptor(rawValue: open(victim, O_RDONLY))
        defer { kept.closeQuietly() }
        #expect(String(decoding: try kept.read(upTo: 64) ?? [], as: UTF8.self) == "precious\n")
    }

    @Test(.enabled(if: geteuid() == 0, "giving the file to another user needs root"))
    func aPidfileOwnedBySomeoneElseIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/pulse.pid"
        close(open(path, O_WRONLY | O_CREAT, 0o644))
        try #require(chown(path, 65534, 65534) == 0)
        #expect {
            _ = try Pidfile.acquire(path: path, program: "pulse")
        } throws: { error in
            "\(error)".contains("not a regular file of UID \(geteuid()); refusing to use it")
        }
    }

    @Test func aRuntimeDirectoryInAParentOthersCanWriteIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let open = "\(directory.path)/open"
        try #require(mkdir(open, 0o777) == 0 && chmod(open, 0o777) == 0)
        defer {
            rmdir("\(open)/pulse")
            rmdir(open)
        }
        #expect {
            try RuntimeDirectory.prepare("\(open)/pulse")
        } throws: { error in
            "\(error)".contains(
                "its parent \(open) is owned by UID \(geteuid()), mode 777: another user could replace it")
        }
        // Sticky, as /tmp is: fine.
        try #require(chmod(open, 0o1777) == 0)
        try RuntimeDirectory.prepare("\(open)/pulse")
    }
}
