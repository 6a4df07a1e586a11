import LVSTestKit
import Testing

/// Listings of a table with traffic: connections (`-c`), counters (`--stats`) and rates
/// (`--rate`) read the same through lvsadm and ipvsadm.
@Suite(.kernelLayer)
struct LVSAdmTrafficTests {
    @Test func connectionsCountersAndRates() throws {
        let lab = try NetworkLab(tag: "ktrf")
        let director = try lab.namespace("dir")
        // Clients inside the director itself: IPVS schedules locally sent packets too.
        try director.runChecked(["ip", "link", "add", "d0", "type", "dummy"])
        try director.runChecked(["ip", "link", "set", "d0", "up"])
        try director.runChecked(["ip", "addr", "add", "10.0.0.1/24", "dev", "d0"])
        let rules = """
            -A -u 10.0.0.100:53 -s rr
            -a -u 10.0.0.100:53 -r 10.0.0.2:53 -m
            -a -u 10.0.0.100:53 -r 10.0.0.3:5353 -m
            -A -u 10.0.0.100:123 -s wlc -p 600
            -a -u 10.0.0.100:123 -r 10.0.0.4:123 -m

            """
        let setUp = try ShellBatch.run([.init(words: ["ipvsadm", "-R"], input: rules)], in: director)
        try #require(setUp[0].status == 0, "\(setUp[0])")
        let send = """
            import socket
            for port in (53, 123):
                for source in range(3):
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    s.bind(("10.0.0.1", 40000 + 10 * port + source))
                    s.sendto(b"lvsadm test", ("10.0.0.100", port))
                    s.close()
            """
        try director.runChecked(["python3", "-c", send])

        // The estimator publishes counters every 2 s: wait (bounded) until they show.
        var counted = false
        for _ in 0..<20 where !counted {
            let stats = try ShellBatch.run(
                [.init(words: ["ipvsadm", "-L", "-n", "--stats", "--exact"])], in: director)[0].output
            counted = stats.contains("10.0.0.100:53") && !stats.contains("UDP  10.0.0.100:53                     0")
            if !counted { _ = try TestProcess.run("sleep", ["0.5"]) }
        }
        #expect(counted, "no counters after 10 s")

        // Expiry times tick and rates move every 2 s: compare again when a pair straddles a change.
        let readings: [[String]] = [
            ["-L", "-c", "-n"], ["-L", "-c"], ["-L", "-c", "-n", "--persistent-conn"], ["-L", "-n", "--stats"],
            ["-L", "-n", "--stats", "--exact"], ["-L", "-n", "--rate"], ["-L", "-n", "--persistent-conn"],
            ["-L", "-n"],
        ]
        for reading in readings {
            var last: (ShellBatch.Outcome, ShellBatch.Outcome)?
            for _ in 0..<4 {
                let (_, reference, ours) = try ToolComparison.run([reading], in: director)[0]
                last = (reference, ours)
                if reference == ours || Self.sameButOneSecondLater(reference.output, ours.output) { break }
            }
            let same = last.map {
                $0.0 == $0.1 || ($0.0.status == $0.1.status && Self.sameButOneSecondLater($0.0.output, $0.1.output))
            }
            #expect(
                same == true,
                "lvsadm \(reading.joined(separator: " ")) differs from ipvsadm: \(String(describing: last))")
            #expect(last?.0.status == 0)
        }
        let connections = try ShellBatch.run([.init(words: ["ipvsadm", "-L", "-c", "-n"])], in: director)[0].output
        #expect(connections.split(separator: "\n").count >= 2 + 6, "expected connection entries:\n\(connections)")
    }

    /// Whether two `-c` listings differ only in that every expiry of the second is one second
    /// lower (the kernel's countdown ticked between the two runs).
    static func sameButOneSecondLater(_ first: String, _ second: String) -> Bool {
        let a = first.split(separator: "\n", omittingEmptySubsequences: false)
        let b = second.split(separator: "\n", omittingEmptySubsequences: false)
        guard a.count == b.count, a.count > 2, a.prefix(2) == b.prefix(2) else { return false }
        func seconds(_ line: Substring) -> Int? {
            let field = line.dropFirst(4).prefix(5)
            let parts = field.split(separator: ":")
            guard parts.count == 2, let m = Int(parts[0]), let s = Int(parts[1]) else { return nil }
            return m * 60 + s
        }
        for (x, y) in zip(a.dropFirst(2), b.dropFirst(2)) where x != y {
            guard let sx = seconds(x), let sy = seconds(y), sx - sy == 1,
                x.prefix(4) == y.prefix(4), x.dropFirst(9) == y.dropFirst(9)
            else { return false }
        }
        return true
    }
}
