import DaemonSupport
import Glibc
import Logging
import Testing

@Suite struct SyslogLogHandlerTests {
    // 2023-11-14 22:13:20 UTC.
    static let fixedTime: time_t = 1_700_000_000

    func withListener(_ body: (DatagramListener, SyslogConnection) throws -> Void) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let listener = try DatagramListener(path: "\(directory.path)/log")
        defer { listener.close() }
        try body(listener, SyslogConnection(path: listener.path))
    }

    func logger(_ label: String, ident: String, _ connection: SyslogConnection, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: label) { label in
            SyslogLogHandler(
                label: label, ident: ident, connection: connection, clock: { SyslogLogHandlerTests.fixedTime },
                localTime: false)
        }
        logger.logLevel = level
        return logger
    }

    @Test func exactDatagramBytes() throws {
        try withListener { listener, connection in
            let log = logger("pulse.heartbeat", ident: "pulse", connection)
            log.info("heartbeat peer up", metadata: ["peer": "10.0.0.2", "path": "public"])
            let received = try #require(listener.receive())
            let expected =
                "<30>Nov 14 22:13:20 pulse[\(getpid())]: [pulse.heartbeat] heartbeat peer up path=public peer=10.0.0.2"
            #expect(String(decoding: received, as: UTF8.self) == expected)
            #expect(received == Array(expected.utf8))
        }
    }

    @Test func labelEqualToIdentIsNotRepeated() throws {
        try withListener { listener, connection in
            logger("nanny", ident: "nanny", connection).notice("[ active ] making 10.0.1.10:80 available")
            let received = try #require(listener.receive())
            #expect(
                String(decoding: received, as: UTF8.self)
                    == "<29>Nov 14 22:13:20 nanny[\(getpid())]: [ active ] making 10.0.1.10:80 available")
        }
    }

    @Test func percentSignsAreData() throws {
        try withListener { listener, connection in
            logger("lvsd", ident: "lvsd", connection).error("format chars are safe: %s %n %d %%")
            let received = try #require(listener.receive())
            #expect(
                String(decoding: received, as: UTF8.self)
                    == "<27>Nov 14 22:13:20 lvsd[\(getpid())]: format chars are safe: %s %n %d %%")
        }
    }

    @Test(arguments: [
        (Logger.Level.trace, 31), (.debug, 31), (.info, 30), (.notice, 29), (.warning, 28), (.error, 27),
        (.critical, 26),
    ])
    func levelToPriority(level: Logger.Level, priority: Int) throws {
        try withListener { listener, connection in
            logger("x", ident: "x", connection, level: .trace).log(level: level, "m")
            let received = try #require(listener.receive())
            #expect(String(decoding: received, as: UTF8.self).hasPrefix("<\(priority)>Nov 14 22:13:20 x["))
        }
    }

    @Test func levelFilterDropsDebug() throws {
        try withListener { listener, connection in
            let log = logger("x", ident: "x", connection)
            log.debug("hidden")
            log.info("shown")
            let received = try #require(listener.receive())
            #expect(String(decoding: received, as: UTF8.self).hasSuffix(": shown"))
        }
    }

    @Test func handlerMetadataAndEventMetadataMergeSorted() throws {
        try withListener { listener, connection in
            var log = logger("lvsd", ident: "lvsd", connection)
            log[metadataKey: "service"] = "TCP 10.0.0.100:80"
            log[metadataKey: "zone"] = "a"
            log.warning("weight changed", metadata: ["zone": "b", "weight": "5"])
            let received = try #require(listener.receive())
            #expect(
                String(decoding: received, as: UTF8.self).hasSuffix(
                    ": weight changed service=TCP 10.0.0.100:80 weight=5 zone=b"))
        }
    }

    @Test func singleDigitDayIsSpacePadded() {
        // 2023-11-01 05:06:07 UTC
        let message = SyslogMessage(
            priority: SyslogPriority(level: .info), time: 1_698_815_167, localTime: false, ident: "pulse", pid: 42,
            text: "hi")
        #expect(String(decoding: message.bytes(), as: UTF8.self) == "<30>Nov  1 05:06:07 pulse[42]: hi")
    }

    @Test func longMessagesAreCutAtACharacterBoundary() {
        let text = String(repeating: "é", count: 100)  // 2 bytes each
        let message = SyslogMessage(
            priority: SyslogPriority(level: .info), time: 0, localTime: false, ident: "x", pid: 1, text: text)
        let bytes = message.bytes(limit: 31)
        // Header "<30>Jan  1 00:00:00 x[1]: " is 26 bytes; 5 bytes left fit two "é".
        #expect(bytes.count == 30)
        #expect(String(validating: bytes, as: UTF8.self) != nil)
    }

    @Test func missingSocketDropsAndCounts() {
        let connection = SyslogConnection(path: "/tmp/lvs-daemon-test-no-such-socket")
        let log = logger("x", ident: "x", connection)
        log.info("nobody listens")
        log.info("still nobody")
        #expect(connection.droppedMessages == 2)
    }

    /// A syslog daemon that stopped reading: its socket fills, and then 1,000 messages cost at
    /// most a couple of waits of 20 ms, not 20 s of a daemon's loop.
    @Test func aSocketNobodyReadsCostsOneWaitASecond() throws {
        try withListener { listener, connection in
            let log = logger("x", ident: "x", connection)
            let line = String(repeating: "x", count: 1000)
            let started = ContinuousClock.now
            for _ in 0..<1000 { log.info("\(line)") }
            let took = ContinuousClock.now - started
            #expect(connection.droppedMessages > 0, "the socket never filled")
            #expect(took < .milliseconds(500), "took \(took)")
        }
    }

    @Test func reconnectsWhenTheListenerComesBack() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/log"
        var listener = try DatagramListener(path: path)
        let connection = SyslogConnection(path: path)
        let log = logger("x", ident: "x", connection)
        log.info("first")
        #expect(listener.receive() != nil)
        listener.close()  // syslog daemon restarts
        listener = try DatagramListener(path: path)
        defer { listener.close() }
        log.info("second")
        let received = try #require(listener.receive())
        #expect(String(decoding: received, as: UTF8.self).hasSuffix(": second"))
    }

    @Test func standardErrorHandlerWritesProgramPrefixedLines() throws {
        let (read, write) = try FileDescriptor.makePipe()
        defer { read.closeQuietly() }
        var log = Logger(label: "lvsd.reload") { StandardErrorLogHandler(label: $0, program: "lvsd", output: write) }
        log.logLevel = .info
        log.info("reloaded", metadata: ["services": "3"])
        Logger(label: "lvsd") { StandardErrorLogHandler(label: $0, program: "lvsd", output: write) }.error(
            "100% broken")
        write.closeQuietly()
        #expect(
            String(decoding: readAll(read), as: UTF8.self)
                == "lvsd: [lvsd.reload] reloaded services=3\nlvsd: 100% broken\n")
    }
}
