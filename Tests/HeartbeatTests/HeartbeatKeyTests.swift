import Heartbeat
import Testing

@Suite struct HeartbeatKeyTests {
    @Test func acceptsHexKeyFromOpenSSLWithItsNewline() throws {
        let text = String(repeating: "ab", count: 32) + "\n"
        let key = try HeartbeatKey(contents: Array(text.utf8), path: "/etc/sysconfig/ha/heartbeat.key", mode: 0o100600)
        #expect(key.byteCount == 64)
    }

    @Test func stripsOneCRLFOnly() throws {
        let key = try HeartbeatKey(contents: Array("0123456789abcdef\n\r\n".utf8), path: "k")
        // Only the final line ending goes: "0123456789abcdef\n" stays, 17 bytes.
        #expect(key.byteCount == 17)
    }

    @Test func acceptsBinaryKeys() throws {
        let key = try HeartbeatKey(contents: (0..<32).map { UInt8($0 * 7 & 0xff) }, path: "k")
        #expect(key.byteCount == 32)
    }

    @Test func rejectsEmptyFile() {
        #expect(throws: HeartbeatKeyError(path: "/k", problem: .empty)) {
            try HeartbeatKey(contents: Array("\n".utf8), path: "/k")
        }
    }

    @Test func rejectsShortKeyWithAClearMessage() {
        #expect {
            try HeartbeatKey(contents: Array("secret\n".utf8), path: "/etc/sysconfig/ha/hb.key")
        } throws: { error in
            (error as? HeartbeatKeyError)?.description
                == "reading heartbeat key file /etc/sysconfig/ha/hb.key: the key is 6 bytes long; at least 16 are "
                + "needed (e.g. `openssl rand -hex 32 > /etc/sysconfig/ha/hb.key`)"
        }
    }

    @Test func rejectsHugeKey() {
        #expect(throws: HeartbeatKeyError(path: "k", problem: .tooLong(4097))) {
            try HeartbeatKey(contents: [UInt8](repeating: 1, count: 4097), path: "k")
        }
    }

    @Test func rejectsAKeyOthersCanRead() {
        #expect {
            try HeartbeatKey(contents: [UInt8](repeating: 65, count: 32), path: "/k", mode: 0o100644)
        } throws: { error in
            (error as? HeartbeatKeyError)?.description
                == "reading heartbeat key file /k: the file is readable or writable by group or others (mode 0644); run `chmod 600 /k`"
        }
    }
}
