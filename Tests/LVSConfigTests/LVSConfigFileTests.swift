import Foundation
import Glibc
import Testing
@testable import LVSConfig

@Suite struct LVSConfigFileTests {
    @Test func readsAndReportsErrors() throws {
        #expect(try sampleBytes("lvs.cf.nat").count > 1000)
        #expect(throws: LVSConfigReadError(path: "/nonexistent/lvs.cf", call: "open", errno: 2)) {
            try LVSConfigFile.read("/nonexistent/lvs.cf")
        }
        #expect(
            LVSConfigReadError(path: "/x", call: "open", errno: 2).description
                == "reading /x: No such file or directory")
        #expect(throws: LVSConfigReadError(path: "/tmp", call: "read", errno: 21)) { try LVSConfigFile.read("/tmp") }
    }

    /// A FIFO would block the reader until someone writes (pulse stopped heartbeating on a
    /// SIGHUP); /dev/zero would be read until memory ran out. Both are refused at once.
    @Test func onlyRegularFilesAreRead() throws {
        let directory = NSTemporaryDirectory() + "lvscf-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/lvs.cf"
        try #require(mkfifo(fifo, 0o600) == 0)
        let started = ContinuousClock.now
        #expect(throws: LVSConfigReadError(path: fifo, reason: .notARegularFile(.fifo))) {
            try LVSConfigFile.read(fifo)
        }
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(
            LVSConfigReadError(path: fifo, reason: .notARegularFile(.fifo)).description
                == "reading \(fifo): not a regular file (it is a FIFO)")
        #expect(throws: LVSConfigReadError(path: "/dev/zero", reason: .notARegularFile(.characterDevice))) {
            try LVSConfigFile.read("/dev/zero")
        }
        // A symbolic link is followed (lvs.cf is often one), to what it names.
        let link = directory + "/link.cf"
        try #require(symlink(fifo, link) == 0)
        #expect(throws: LVSConfigReadError(path: link, reason: .notARegularFile(.fifo))) {
            try LVSConfigFile.read(link)
        }
    }

    @Test func aFileLargerThanTheLimitIsRefused() throws {
        let path = NSTemporaryDirectory() + "lvscf-big-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).cf"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        try #require(fd >= 0)
        defer { unlink(path) }
        // Sparse: no disk is used.
        #expect(ftruncate(fd, off_t(LVSConfigFile.maximumSize + 1)) == 0)
        close(fd)
        let error = LVSConfigReadError(
            path: path, reason: .tooLarge(size: LVSConfigFile.maximumSize + 1, limit: LVSConfigFile.maximumSize))
        #expect(throws: error) { try LVSConfigFile.read(path) }
        #expect(error.description == "reading \(path): 67108865 bytes, more than the 64 MiB an lvs.cf may have")
    }
}
