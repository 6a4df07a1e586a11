/// How a sequence of answers spread over the real servers, against what a scheduler promises.
/// Pure.
public enum RequestSpread {
    /// Whether `answers` went round robin over `servers`: every server once in each round, in the
    /// same order every round, and only whole rounds.
    public static func isRoundRobin(_ answers: [String], over servers: [String]) -> Bool {
        let period = servers.count
        guard period > 0, !answers.isEmpty, answers.count % period == 0 else { return false }
        let round = Array(answers.prefix(period))
        guard Set(round) == Set(servers), Set(round).count == period else { return false }
        return answers.indices.allSatisfy { answers[$0] == round[$0 % period] }
    }

    /// Whether one server answered them all (persistence); nil when it did not, else that server.
    public static func stickyServer(_ answers: [String]) -> String? {
        guard let first = answers.first, answers.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    /// How often each server answered, as `rs1 3, rs2 3, rs3 3`.
    public static func counts(_ answers: [String]) -> String {
        let counts = answers.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
