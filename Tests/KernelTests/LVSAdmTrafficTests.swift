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
            let stats = try ShellBatch.run([.init(words: ["ipvsadm", "-L", "-n", "--stats", "--exact"])], in: director)[0].output
            counted = stats.contains("10.0.0.100:53") && !stats.contains("UDP  10.0.0.100:53                     0")
            if !counted { _ = try TestProcess.run("sleep", ["0.5"]) }
        }
        #expect(counted, "no counters after 10 s")

        // Expiry times tick and rates move every 2 s: compare again when a pair straddles a change.
        let readings: [[String]] = [
            ["-L", "-c", "-n"], ["-L", "-c"], ["-L", "-c", "-n", "--persistent-conn"], ["-L", "-n", "--stats"],
            ["-L", "-n", "--stats", "--exact"], ["-L", "-n", "--rate"], ["-L", "-n", "--persistent-conn"], ["-L", "-n"],
        ]
        for reading in readings {
            var last: (ShellBatch.Outcome, ShellBatch.Outcome)?
            for _ in 0..<4 {
                let (_, reference, ours) = try ToolComparison.run([reading], in: director)[0]
                last = (reference, ours)
                if reference == ours { break }
            }
            #expect(last?.0 == last?.1, "lvsadm \(reading.joined(separator: " ")) differs from ipvsadm")
            #expect(last?.0.status == 0)
        }
        let connections = try ShellBatch.run([.init(words: ["ipvsadm", "-L", "-c", "-n"])], in: director)[0].output
        #expect(connections.split(separator: "\n").count >= 2 + 6, "expected connection entries:\n\(connections)")
    }
}
