import Testing

@testable import IPVSAdmin

@Suite struct PoptParserTests {
    func events(_ words: [String], posixlyCorrect: Bool = false) -> (events: [PoptParser.Event], arguments: [String]) {
        var parser = PoptParser(words: ["ipvsadm"] + words, posixlyCorrect: posixlyCorrect)
        var events: [PoptParser.Event] = []
        while let e = parser.nextEvent() {
            events.append(e)
            if e == .unknownOption || e == .missingArgument { break }
        }
        var arguments: [String] = []
        while let a = parser.nextArgument() { arguments.append(a) }
        return (events, arguments)
    }

    @Test func bundledShortOptions() {
        #expect(events(["-Ln"]).events == [.option(.list, argument: nil), .option(.numeric, argument: nil)])
    }

    @Test func shortOptionArgumentAttachedOrInTheNextWord() {
        #expect(
            events(["-At10.0.0.1:80"]).events == [
                .option(.addService, argument: nil), .option(.tcpService, argument: "10.0.0.1:80"),
            ])
        #expect(events(["-t", "-n"]).events == [.option(.tcpService, argument: "-n")])
        #expect(events(["-t=x"]).events == [.option(.tcpService, argument: "x")])
        #expect(events(["-t="]).events == [.option(.tcpService, argument: "")])
    }

    @Test func optionalPersistenceArgument() {
        #expect(events(["-p", "30"]).events == [.option(.persistent, argument: "30")])
        #expect(events(["-p30"]).events == [.option(.persistent, argument: "30")])
        #expect(
            events(["-p", "-n"]).events == [.option(.persistent, argument: nil), .option(.numeric, argument: nil)])
        #expect(events(["-p"]).events == [.option(.persistent, argument: nil)])
        #expect(events(["--persistent=5"]).events == [.option(.persistent, argument: "5")])
    }

    @Test func longOptions() {
        #expect(events(["--tcp-service=1.2.3.4:80"]).events == [.option(.tcpService, argument: "1.2.3.4:80")])
        #expect(events(["--scheduler", "rr"]).events == [.option(.scheduler, argument: "rr")])
        #expect(events(["--numeric=ignored"]).events == [.option(.numeric, argument: nil)])
        #expect(events(["--list", "--sort"]).events == [.option(.list, argument: nil), .option(.sort, argument: nil)])
    }

    @Test func errorsAndTheWordThatCausedThem() {
        var parser = PoptParser(words: ["ipvsadm", "-L", "-nq"])
        _ = parser.nextEvent()
        _ = parser.nextEvent()
        #expect(parser.nextEvent() == .unknownOption)
        #expect(parser.lastWord == "-nq")

        parser = PoptParser(words: ["ipvsadm", "-A", "--scheduler"])
        _ = parser.nextEvent()
        #expect(parser.nextEvent() == .missingArgument)
        #expect(parser.lastWord == "--scheduler")

        parser = PoptParser(words: ["ipvsadm", "--start-daemon", "master"])
        _ = parser.nextEvent()
        #expect(parser.lastWord == "master")

        #expect(events(["--no-such"]).events == [.unknownOption])
        #expect(events(["-n="]).events == [.option(.numeric, argument: nil), .unknownOption])
    }

    @Test func leftoversAndTheEndOfOptions() {
        let r = events(["--set", "1", "2", "-n", "3"])
        #expect(r.events == [.option(.set, argument: nil), .option(.numeric, argument: nil)])
        #expect(r.arguments == ["1", "2", "3"])
        let dashes = events(["-L", "--", "-n"])
        #expect(dashes.events == [.option(.list, argument: nil)])
        #expect(dashes.arguments == ["-n"])
        #expect(events(["-", "x"]).arguments == ["-", "x"])
        let posix = events(["--set", "1", "-n"], posixlyCorrect: true)
        #expect(posix.events == [.option(.set, argument: nil)])
        #expect(posix.arguments == ["1", "-n"])
    }
}
