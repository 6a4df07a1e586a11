import LVSTestKit
import Testing

/// Wrong command lines and refused changes: lvsadm prints what ipvsadm prints and exits with the
/// same status, on a real kernel.
@Suite(.kernelLayer)
struct LVSAdmErrorTests {
    /// Each is refused by both tools, so the table stays as set up (checked at the end).
    static let mistakes: [[String]] = [
        ["-Q"], ["-n", "-L"], ["-L", "-A"], ["-L", "--foo"], ["-Lz"], ["-A", "-t"],
        ["-A", "-t", "1.2.3.4:80", "-t", "1.2.3.4:81"], ["-A", "-t", "1234"], ["-A", "-f", "-3"],
        ["-A", "-t", "1.2.3.4"], ["-A", "-t", "1.2.3.4:53", "-o"], ["-A", "-t", "1.2.3.4:80", "-b", "sh-port"],
        ["-A", "-t", "1.2.3.4:80", "-6"],
        ["-a", "-t", "10.0.0.100:80", "-r", "2001:db8::1"],
        ["-a", "-t", "10.0.0.100:80", "-r", "10.0.0.1", "-i", "--tun-type", "gue"],
        ["-a", "-t", "10.0.0.100:80", "-r", "10.0.0.1", "-w", "2147483648"], ["-L", "-c", "--timeout"],
        ["--set", "1", "2", "3", "4"], ["--stop-daemon", "x"], ["-R", "-n"],
        // Refused by the kernel.
        ["-a", "-t", "10.9.9.9:80", "-r", "10.0.1.1:80"], ["-A", "-t", "10.9.9.8:80", "-s", "nosuch"],
        ["-A", "-t", "10.0.0.100:80"], ["-a", "-t", "10.0.0.100:80", "-r", "10.0.1.10:80", "-m"],
        ["-d", "-t", "10.0.0.100:80", "-r", "10.0.1.99:80"], ["-e", "-t", "10.0.0.100:80", "-r", "10.0.1.99:80"],
        ["-E", "-t", "10.9.9.6:80"], ["-Z", "-t", "10.9.9.6:80"], ["-L", "-t", "10.9.9.6:80"],
        ["-a", "-t", "10.0.0.100:80", "-r", "224.0.0.1:80", "-m"],
        ["-a", "-t", "10.0.0.100:80", "-r", "10.0.1.20:80", "-m", "-y", "5"], ["--stop-daemon", "master"],
        ["--start-daemon", "master", "--mcast-interface", "nosuch0"],
        ["-A", "-u", "10.0.0.100:5060", "--pe", "nosuch"],
    ]

    @Test func mistakesReadTheSame() throws {
        let lab = try NetworkLab(tag: "kerr2")
        let director = try lab.namespace("dir")
        let table = "-A -t 10.0.0.100:80 -s rr\n-a -t 10.0.0.100:80 -r 10.0.1.10:80 -m -w 1\n"
        try #require(try ShellBatch.run([.init(words: ["ipvsadm", "-R"], input: table)], in: director)[0].status == 0)
        for (arguments, reference, ours) in try ToolComparison.run(Self.mistakes, in: director) {
            #expect(reference.status != 0, "ipvsadm \(arguments.joined(separator: " ")) succeeded")
            #expect(ours == reference, "lvsadm \(arguments.joined(separator: " ")) differs from ipvsadm")
        }
        #expect(try ShellBatch.run([.init(words: ["ipvsadm", "-S", "-n"])], in: director)[0].output == table)
    }
}

/// Without CAP_NET_ADMIN both tools fail at start-up with the same words.
@Suite(.kernelLayer)
struct LVSAdmPermissionTests {
    @Test func anUnprivilegedUserIsToldToBeRoot() throws {
        let lab = try NetworkLab(tag: "kperm")
        let director = try lab.namespace("dir")
        let asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        let outcomes = try ShellBatch.run(
            [
                .init(words: asNobody + ["ipvsadm", "-L", "-n"]),
                .init(words: asNobody + [ToolComparison.lvsadm, "-L", "-n"]),
            ],
            in: director)
        #expect(outcomes[0].status == 2)
        #expect(
            outcomes[0].error.hasSuffix(
                "Can't initialize ipvs: Permission denied (you must be root)\n"
                    + "Are you sure that IP Virtual Server is built in the kernel or as module?\n"))
        #expect(outcomes[1] == outcomes[0])
    }
}
