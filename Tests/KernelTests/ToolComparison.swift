import LVSTestKit
import Testing

/// Runs the real ipvsadm and lvsadm side by side and compares what they print.
enum ToolComparison {
    /// The built lvsadm.
    static let lvsadm = TestEnvironment.product("lvsadm")

    /// For each argument list, ipvsadm's and lvsadm's outcome (lvsadm's own path, which it prints
    /// where ipvsadm prints its name, replaced by `ipvsadm`).
    static func run(_ argumentLists: [[String]], in namespace: NetworkNamespace, input: String = "") throws
        -> [(arguments: [String], ipvsadm: ShellBatch.Outcome, lvsadm: ShellBatch.Outcome)]
    {
        var commands: [ShellBatch.Command] = []
        for arguments in argumentLists {
            commands.append(ShellBatch.Command(words: ["ipvsadm"] + arguments, input: input))
            commands.append(ShellBatch.Command(words: [lvsadm] + arguments, input: input))
        }
        let outcomes = try ShellBatch.run(commands, in: namespace)
        return argumentLists.indices.map { i in
            var mine = outcomes[2 * i + 1]
            mine.output = mine.output.replacingOccurrences(of: lvsadm, with: "ipvsadm")
            mine.error = mine.error.replacingOccurrences(of: lvsadm, with: "ipvsadm")
            return (argumentLists[i], outcomes[2 * i], mine)
        }
    }

    /// Expects identical bytes and status from both tools for every argument list.
    static func expectIdentical(
        _ argumentLists: [[String]], in namespace: NetworkNamespace, input: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (arguments, reference, ours) in try run(argumentLists, in: namespace, input: input) {
            #expect(
                ours == reference, "lvsadm \(arguments.joined(separator: " ")) differs from ipvsadm",
                sourceLocation: sourceLocation)
        }
    }
}
