import IPVS
import Logging
import LVSTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Random tables of hundreds of services: lvsadm restores them, the kernel holds exactly what the
/// rules say, both tools save and list them identically, and each tool restores the other's save.
@Suite(.kernelLayer)
struct LVSAdmRoundTripPropertyTests {
    @Test func randomTablesRoundTrip() throws {
        let seed = UInt64(truncatingIfNeeded: time(nil)) &* 2_654_435_761
        let table = RandomTable(services: 220, seed: seed)
        let context = "seed \(seed)"
        let lab = try NetworkLab(tag: "kprop")
        let director = try lab.namespace("dir")
        let lvsadm = ToolComparison.lvsadm

        let restored = try ShellBatch.run([.init(words: [lvsadm, "-R"], input: table.rules)], in: director)[0]
        try #require(restored.status == 0 && restored.error.isEmpty, "\(context): lvsadm -R: \(restored)")

        // What the kernel holds is what the rules say (read through the library).
        let client = try IPVSClient(namespacePath: director.path, logger: Logger(label: "test"))
        let held = try client.servicesWithDestinations()
        #expect(held.count == table.expected.count, "\(context)")
        for (service, destinations) in held {
            guard let want = table.expected[service.identity] else {
                Issue.record("\(context): unexpected service \(service.identity)")
                continue
            }
            #expect(service == want.service, "\(context)")
            #expect(destinations == want.destinations, "\(context): real servers of \(service.identity)")
        }

        try ToolComparison.expectIdentical([["-S", "-n"], ["-L", "-n"], ["-L", "-n", "--thresholds"]], in: director)
        let saved = try ShellBatch.run([.init(words: ["ipvsadm", "-S", "-n"])], in: director)[0].output
        let steps = try ShellBatch.run(
            [
                .init(words: ["ipvsadm", "-C"]), .init(words: ["ipvsadm", "-R"], input: saved),
                .init(words: ["ipvsadm", "-S", "-n"]), .init(words: [lvsadm, "-S", "-n"]),
                .init(words: [lvsadm, "-C"]), .init(words: [lvsadm, "-R"], input: saved),
                .init(words: ["ipvsadm", "-S", "-n"]), .init(words: [lvsadm, "-S", "-n"]),
            ], in: director)
        #expect(steps.map(\.status) == [0, 0, 0, 0, 0, 0, 0, 0], "\(context): \(steps)")
        // A restore inserts in another order than the random one, and with addresses 2^31 apart
        // ipvsadm's comparator then sorts some lines differently: the same lines, and the same
        // bytes from both tools for each state.
        func lines(_ text: String) -> [Substring] { text.split(separator: "\n").sorted() }
        #expect(steps[3].output == steps[2].output, "\(context): saves after ipvsadm -R")
        #expect(steps[7].output == steps[6].output, "\(context): saves after lvsadm -R")
        #expect(lines(steps[2].output) == lines(saved), "\(context): ipvsadm's restore of the save")
        #expect(lines(steps[6].output) == lines(saved), "\(context): lvsadm's restore of the save")
    }
}
