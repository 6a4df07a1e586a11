import DaemonSupport
import Glibc
import Testing

@Suite struct ProcessSpawnerTests {
    /// Runs `spec` with stdout piped, waits for it, returns (output, status).
    func run(_ spec: ChildProcessSpec) throws -> (String, TerminationStatus) {
        var spec = spec
        spec.standardOutput = .pipe
        let child = try ProcessSpawner.spawn(spec)
        let output = readAll(try #require(child.standardOutput))
        child.standardOutput?.closeQuietly()
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) == -1 && errno == EINTR {}
        return (String(decoding: output, as: UTF8.self), TerminationStatus(waitStatus: status))
    }

    func field(_ name: String, in status: String) -> String? {
        status.split(separator: "\n").first { $0.hasPrefix("\(name):") }
            .map { $0.dropFirst(name.count + 1).trimmingCharacters() }
    }

    /// The trap: a child inherits the spawning thread's blocked mask unless
    /// the spawn resets it. Block signals here, spawn, and read the child's own mask.
    @Test func childGetsAnEmptySignalMaskAndDefaultDispositions() throws {
        let blocked = SignalSet([.terminate, .hangup, .user2, .interrupt])
        try blocked.block()
        defer { try? blocked.unblock() }
        let (status, exit) = try run(ChildProcessSpec(executable: "/bin/cat", arguments: ["/proc/self/status"]))
        #expect(exit == .exited(0))
        #expect(field("SigBlk", in: status) == "0000000000000000")
        // Standard signals (1-31) all default. glibc's posix_spawn itself sets its two internal
        // signals (32, 33: SIGCANCEL, SIGSETXID) to SIG_IGN in the child when the parent has
        // handlers for them, which a threaded parent does; those cannot be reset from outside.
        let ignored = try #require(field("SigIgn", in: status).flatMap { UInt64($0, radix: 16) })
        #expect(ignored & 0x7FFF_FFFF == 0, "ignored: \(String(ignored, radix: 16))")
    }

    @Test func mappedDescriptorAppearsAsFdThree() throws {
        let (ours, theirs) = try FileDescriptor.socketPair()
        defer { ours.closeQuietly() }
        let child = try ProcessSpawner.spawn(
            ChildProcessSpec(
                executable: "/bin/sh", arguments: ["-c", "echo report >&3"], mappedDescriptors: [3: theirs]))
        theirs.closeQuietly()
        #expect(String(decoding: readAll(ours), as: UTF8.self) == "report\n")
        var status: Int32 = 0
        waitpid(child.pid, &status, 0)
        #expect(TerminationStatus(waitStatus: status) == .exited(0))
    }

    @Test func swappedMappingsDoNotClobberEachOther() throws {
        // Parent fds a, b mapped to child 3 and 4 whatever their own numbers are.
        let (a1, a2) = try FileDescriptor.socketPair()
        let (b1, b2) = try FileDescriptor.socketPair()
        defer { a1.closeQuietly(); b1.closeQuietly() }
        let child = try ProcessSpawner.spawn(
            ChildProcessSpec(
                executable: "/bin/sh", arguments: ["-c", "echo A >&3; echo B >&4"],
                mappedDescriptors: [3: b2, 4: a2]))
        a2.closeQuietly()
        b2.closeQuietly()
        #expect(String(decoding: readAll(b1), as: UTF8.self) == "A\n")
        #expect(String(decoding: readAll(a1), as: UTF8.self) == "B\n")
        waitpid(child.pid, nil, 0)
    }

    @Test func noOtherDescriptorLeaksIntoTheChild() throws {
        // A descriptor deliberately left inheritable must still not reach the child.
        let (leaky, other) = try FileDescriptor.makePipe()
        defer { leaky.closeQuietly(); other.closeQuietly() }
        try leaky.setCloseOnExec(false)
        let (mapped, peer) = try FileDescriptor.socketPair()
        defer { mapped.closeQuietly(); peer.closeQuietly() }
        let (listing, exit) = try run(
            ChildProcessSpec(
                executable: "/bin/ls", arguments: ["/proc/self/fd"], mappedDescriptors: [3: mapped]))
        #expect(exit == .exited(0))
        let fds = Set(listing.split(separator: "\n").map(String.init))
        // 0-2, the mapped 3, and the directory ls itself has open.
        #expect(fds.isSubset(of: ["0", "1", "2", "3", "4"]), "open in child: \(fds.sorted())")
        #expect(fds.contains("3"))
        #expect(!fds.contains("\(leaky.rawValue)") || leaky.rawValue <= 4)
    }

    @Test func argumentsArePassedWithoutAShell() throws {
        let (output, _) = try run(ChildProcessSpec(executable: "printf", arguments: ["%s|", "a b", "$HOME", "*"]))
        #expect(output == "a b|$HOME|*|")
    }

    @Test func environmentCanBeReplaced() throws {
        let (output, _) = try run(ChildProcessSpec(executable: "/usr/bin/env", environment: ["ONLY=1"]))
        #expect(output == "ONLY=1\n")
    }

    @Test func aNewProcessGroupStaysInOurSession() throws {
        let (stat, exit) = try run(
            ChildProcessSpec(executable: "/bin/cat", arguments: ["/proc/self/stat"], newProcessGroup: true))
        #expect(exit == .exited(0))
        // "PID (comm) state ppid pgrp session …"
        let pid = stat.split(separator: " ").first.map(String.init)
        let after = stat.split(separator: ")").last?.split(separator: " ").map(String.init) ?? []
        #expect(after.count > 3 && after[2] == pid, "process group: \(stat)")
        #expect(after.count > 3 && after[3] == "\(getsid(0))", "session: \(stat)")
    }

    @Test func missingProgramIsANamedError() {
        #expect {
            _ = try ProcessSpawner.spawn(ChildProcessSpec(executable: "/nonexistent/check-program"))
        } throws: { error in
            "\(error)" == "spawning /nonexistent/check-program: No such file or directory"
        }
    }

    @Test func exitStatusTexts() {
        #expect(TerminationStatus.exited(3).description == "exited with status 3")
        #expect(TerminationStatus.signaled(.kill).description == "killed by SIGKILL")
        #expect(TerminationStatus(waitStatus: 7 << 8) == .exited(7))
        #expect(TerminationStatus(waitStatus: 15) == .signaled(.terminate))
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
