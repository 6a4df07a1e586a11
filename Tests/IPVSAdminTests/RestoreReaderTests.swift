import Testing

@testable import IPVSAdmin

@Suite struct RestoreReaderTests {
    func lines(_ text: String) -> [RestoreReader.Line] { RestoreReader.lines(Array(text.utf8)) }

    @Test func splitsOnBlanksTabsAndCarriageReturnsAndNumbersLines() {
        #expect(
            lines("-A -t 1.2.3.4:80\t-s rr\r\n\n  \n-a -t 1.2.3.4:80 -r 10.0.0.1\n") == [
                .init(number: 1, words: ["-A", "-t", "1.2.3.4:80", "-s", "rr"]),
                .init(number: 4, words: ["-a", "-t", "1.2.3.4:80", "-r", "10.0.0.1"]),
            ])
    }

    @Test func dropsEveryWordIpvsadm() {
        #expect(
            lines("ipvsadm -C\nipvsadm\n-L ipvsadm -n\n") == [
                .init(number: 1, words: ["-C"]), .init(number: 3, words: ["-L", "-n"]),
            ])
    }

    @Test func hashIsAnOrdinaryWord() {
        #expect(lines("# comment\n") == [.init(number: 1, words: ["#", "comment"])])
    }

    @Test func lastLineWithoutNewline() {
        #expect(lines("-C\n-L") == [.init(number: 1, words: ["-C"]), .init(number: 2, words: ["-L"])])
        #expect(lines("-C ") == [.init(number: 1, words: ["-C"])])
        // ipvsadm's reader gives up on a line that ends in two separators and no newline.
        #expect(lines("-C\n-L  ") == [.init(number: 1, words: ["-C"])])
    }

    @Test func leadingBlanks() {
        #expect(lines("   -C\n\t-L -n\n") == [.init(number: 1, words: ["-C"]), .init(number: 2, words: ["-L", "-n"])])
    }
}
