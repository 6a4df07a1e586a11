#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Heartbeat
import Pulse
import Testing

@Suite struct HeartbeatKeyFileTests {
    @discardableResult
    func withFile<T>(_ bytes: [UInt8]?, mode: mode_t = 0o600, _ body: (String) throws -> T) throws -> T {
        let dir = NSTemporaryDirectory() + "pulse-key-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/heartbeat.key"
        if let bytes {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            chmod(path, mode)
        }
        return try body(path)
    }

    @Test func aGoodKeyIsRead() throws {
        let key = try withFile(Array("0123456789abcdef0123456789abcdef\n".utf8)) { try HeartbeatKeyFile.read($0) }
        #expect(key.byteCount == 32)
    }

    @Test func missingFileNamesThePathAndTheReason() throws {
        try withFile(nil) { path in
            #expect {
                try HeartbeatKeyFile.read(path)
            } throws: { error in
                "\(error)" == "reading heartbeat key file \(path): open: No such file or directory"
            }
        }
    }

    @Test func aKeyOthersCanReadIsRefused() throws {
        try withFile(Array("0123456789abcdef0123456789abcdef".utf8), mode: 0o644) { path in
            #expect {
                try HeartbeatKeyFile.read(path)
            } throws: { error in
                "\(error)".contains("readable or writable by group or others (mode 0644); run `chmod 600 \(path)`")
            }
        }
    }

    @Test func aShortKeyIsRefused() throws {
        try withFile(Array("short\n".utf8)) { path in
            #expect {
                try HeartbeatKeyFile.read(path)
            } throws: { error in
                "\(error)".contains("the key is 5 bytes long; at least 16 are needed")
            }
        }
    }

    @Test func aDirectoryIsNotAKeyFile() throws {
        #expect {
            try HeartbeatKeyFile.read("/tmp")
        } throws: { error in
            "\(error)" == "reading heartbeat key file /tmp: not a regular file (it is a directory)"
        }
    }

    /// Opening a FIFO for reading waits for a writer: pulse would never start.
    @Test func aFIFOIsRefusedAtOnce() throws {
        let path = NSTemporaryDirectory() + "hbkey-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try #require(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let started = ContinuousClock.now
        #expect {
            try HeartbeatKeyFile.read(path)
        } throws: { error in
            "\(error)" == "reading heartbeat key file \(path): not a regular file (it is a FIFO)"
        }
        #expect(ContinuousClock.now - started < .seconds(1))
    }
}
