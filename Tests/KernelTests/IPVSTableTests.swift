import LVSTestKit
import Testing

/// The kernel's IPVS table through the reference tool: what goes in with `ipvsadm -A/-a` comes out
/// of `-S -n` and `-L -n` exactly, and `-R` restores a saved table.
@Suite(.kernelLayer)
struct IPVSTableTests {
    /// One service of each kind: TCP with two masquerading servers, UDP with persistence and a
    /// netmask over a direct-routing server, a firewall mark over a tunnel, and IPv6.
    static let commands: [[String]] = [
        ["-A", "-t", "10.0.0.100:80", "-s", "wlc"],
        ["-a", "-t", "10.0.0.100:80", "-r", "10.0.1.10:80", "-m", "-w", "3"],
        ["-a", "-t", "10.0.0.100:80", "-r", "10.0.1.11:8080", "-m", "-w", "1"],
        ["-A", "-u", "10.0.0.100:53", "-s", "rr", "-p", "300", "-M", "255.255.255.0"],
        ["-a", "-u", "10.0.0.100:53", "-r", "10.0.1.20:53", "-g", "-w", "2"],
        ["-A", "-f", "42", "-s", "sh"],
        ["-a", "-f", "42", "-r", "10.0.1.30:0", "-i", "-w", "5"],
        ["-A", "-t", "[2001:db8::100]:443", "-s", "lc"],
        ["-a", "-t", "[2001:db8::100]:443", "-r", "[2001:db8:1::10]:443", "-m", "-w", "1"],
    ]

    /// `ipvsadm -S -n` after `commands` (ipvsadm 1.31 on kernel 6.1: the kernel's hash order).
    static let saved = """
        -A -t 10.0.0.100:80 -s wlc
        -a -t 10.0.0.100:80 -r 10.0.1.10:80 -m -w 3
        -a -t 10.0.0.100:80 -r 10.0.1.11:8080 -m -w 1
        -A -u 10.0.0.100:53 -s rr -p 300 -M 255.255.255.0
        -a -u 10.0.0.100:53 -r 10.0.1.20:53 -g -w 2
        -A -t [2001:db8::100]:443 -s lc
        -a -t [2001:db8::100]:443 -r [2001:db8:1::10]:443 -m -w 1
        -A -f 42 -s sh
        -a -f 42 -r 10.0.1.30:0 -i -w 5 --tun-type ipip

        """

    /// `ipvsadm -L -n` after `commands`, from the second line on; server lines end in blanks.
    static let listed = """
        Prot LocalAddress:Port Scheduler Flags
          -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
        TCP  10.0.0.100:80 wlc
          -> 10.0.1.10:80                 Masq    3      0          0         \("")
          -> 10.0.1.11:8080               Masq    1      0          0         \("")
        UDP  10.0.0.100:53 rr persistent 300 mask 255.255.255.0
          -> 10.0.1.20:53                 Route   2      0          0         \("")
        TCP  [2001:db8::100]:443 lc
          -> [2001:db8:1::10]:443         Masq    1      0          0         \("")
        FWM  42 sh
          -> 10.0.1.30:0                  Tunnel  5      0          0         \("")

        """

    @Test func addSaveListClearRestore() throws {
        let lab = try NetworkLab(tag: "ktab")
        let director = try lab.namespace("dir")
        for command in IPVSTableTests.commands {
            try director.runChecked(["ipvsadm"] + command)
        }
        let saved = try ipvsadm("-S", "-n", in: director)
        #expect(saved == IPVSTableTests.saved)

        // The header names the connection table size, 2^conn_tab_bits (a build option).
        let bits = try #require(
            Int(
                try TestProcess.run("cat", ["/sys/module/ip_vs/parameters/conn_tab_bits"])
                    .output.filter(\.isNumber)))
        let header = "IP Virtual Server version 1.2.1 (size=\(1 << bits))\n"
        #expect(try ipvsadm("-L", "-n", in: director) == header + IPVSTableTests.listed)

        try ipvsadm("-C", in: director)
        #expect(try ipvsadm("-S", "-n", in: director) == "")
        let restore = try director.run(["ipvsadm", "-R"], standardInput: Array(saved.utf8))
        #expect(restore.exitCode == 0, "ipvsadm -R: \(restore.error)")
        #expect(try ipvsadm("-S", "-n", in: director) == IPVSTableTests.saved)
    }

    /// The kernel's refusals as ipvsadm reports them: exit status 255 and one line on stderr.
    @Test(arguments: [
        (["-a", "-t", "10.9.9.9:80", "-r", "10.0.1.1:80"], "Service not defined"),
        (["-A", "-t", "10.9.9.8:80", "-s", "nosuch"], "Scheduler or persistence engine not found"),
        (["-A", "-t", "10.9.9.7:80", "-s", "rr"], "Service already exists"),
        (["-a", "-t", "10.9.9.7:80", "-r", "10.0.1.1:80", "-m"], "Destination already exists"),
        (["-d", "-t", "10.9.9.7:80", "-r", "10.0.1.2:80"], "No such destination"),
        (["-D", "-t", "10.9.9.6:80"], "No such service"),
    ])
    func kernelRefusals(command: [String], message: String) throws {
        let lab = try NetworkLab(tag: "kerr")
        let director = try lab.namespace("dir")
        // 10.9.9.7:80 exists with one server, so that adding it (or its server) again is refused.
        let before = "-A -t 10.9.9.7:80 -s rr\n-a -t 10.9.9.7:80 -r 10.0.1.1:80 -m -w 1\n"
        let setUp = try director.run(["ipvsadm", "-R"], standardInput: Array(before.utf8))
        try #require(setUp.exitCode == 0, "ipvsadm -R: \(setUp.error)")
        let result = try director.run(["ipvsadm"] + command)
        #expect(result.exitCode == 255)
        #expect(result.error == message + "\n")
        #expect(try ipvsadm("-S", "-n", in: director) == before, "a refused command changed the table")
    }
}
