import LVSTestKit
import Testing

/// IPVS tables are per network namespace: what one namespace programs, no other sees.
@Suite(.kernelLayer)
struct IPVSNamespaceTests {
    @Test func tablesAreInvisibleAcrossNamespaces() throws {
        let lab = try NetworkLab(tag: "kns")
        let a = try lab.namespace("a")
        let b = try lab.namespace("b")
        try ipvsadm("-A", "-t", "10.0.3.1:80", "-s", "rr", in: a)
        try ipvsadm("-a", "-t", "10.0.3.1:80", "-r", "10.0.3.10:80", "-m", in: a)
        try ipvsadm("-A", "-u", "10.0.3.2:53", "-s", "wrr", in: b)

        let tableA = "-A -t 10.0.3.1:80 -s rr\n-a -t 10.0.3.1:80 -r 10.0.3.10:80 -m -w 1\n"
        let tableB = "-A -u 10.0.3.2:53 -s wrr\n"
        #expect(try ipvsadm("-S", "-n", in: a) == tableA)
        #expect(try ipvsadm("-S", "-n", in: b) == tableB)
        // The namespace this test runs in (the guest's own) sees neither.
        let own = try TestProcess.run("ipvsadm", ["-S", "-n"])
        #expect(own.exitCode == 0, "ipvsadm -S -n: \(own.error)")
        #expect(!own.output.contains("10.0.3.1:80") && !own.output.contains("10.0.3.2:53"))

        // Clearing one table leaves the other alone.
        try ipvsadm("-C", in: a)
        #expect(try ipvsadm("-S", "-n", in: a) == "")
        #expect(try ipvsadm("-S", "-n", in: b) == tableB)
    }
}
