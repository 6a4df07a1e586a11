import LVSLab
import Testing

struct RequestSpreadTests {
    private func split(_ text: String) -> [String] { text.split(separator: " ").map(String.init) }

    @Test func roundRobinIsTheSameRotationEveryRound() {
        let servers = ["rs1", "rs2", "rs3"]
        #expect(RequestSpread.isRoundRobin(split("rs2 rs3 rs1 rs2 rs3 rs1"), over: servers))
        #expect(RequestSpread.isRoundRobin(split("rs1 rs2"), over: ["rs2", "rs1"]))
        // Equal counts but a different order in the second round.
        #expect(!RequestSpread.isRoundRobin(split("rs1 rs2 rs3 rs2 rs1 rs3"), over: servers))
        // A server missing, one twice in a round, half a round, someone else answering.
        #expect(!RequestSpread.isRoundRobin(split("rs1 rs2 rs1 rs2 rs1 rs2"), over: servers))
        #expect(!RequestSpread.isRoundRobin(split("rs1 rs1 rs2"), over: servers))
        #expect(!RequestSpread.isRoundRobin(split("rs1 rs2 rs3 rs1"), over: servers))
        #expect(!RequestSpread.isRoundRobin(split("rs1 rs2 rs4"), over: servers))
        #expect(!RequestSpread.isRoundRobin([], over: servers))
        #expect(!RequestSpread.isRoundRobin(split("rs1"), over: []))
    }

    @Test func stickyMeansOneServerForAll() {
        #expect(RequestSpread.stickyServer(split("rs3 rs3 rs3")) == "rs3")
        #expect(RequestSpread.stickyServer(split("rs3 rs3 rs1")) == nil)
        #expect(RequestSpread.stickyServer([]) == nil)
    }

    @Test func countsAreSortedByServer() {
        #expect(RequestSpread.counts(split("rs2 rs1 rs2")) == "rs1 1, rs2 2")
    }
}
