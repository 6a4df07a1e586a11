import LVSTestKit
import Testing

/// Every scheduler module of the running kernel takes a service and a real server.
@Suite(.kernelLayer)
struct IPVSSchedulerTests {
    /// The schedulers found in the running kernel's module tree (empty where there is none: the
    /// suite is skipped there, and `schedulersAreFound` fails where it is not).
    static let schedulers = (try? KernelModules.running.ipvsSchedulers()) ?? []

    @Test func schedulersAreFound() throws {
        let found = try KernelModules.running.ipvsSchedulers()
        // In every kernel since 2.6; newer ones add fo, ovf, mh, twos.
        let classic: Set = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq"]
        #expect(classic.isSubset(of: found), "missing: \(classic.subtracting(found).sorted())")
    }

    @Test(arguments: schedulers)
    func schedulerAcceptsAService(scheduler: String) throws {
        let lab = try NetworkLab(tag: "ksch")
        let director = try lab.namespace("dir")
        try ipvsadm("-A", "-t", "10.0.2.1:80", "-s", scheduler, in: director)
        try ipvsadm("-a", "-t", "10.0.2.1:80", "-r", "10.0.2.10:80", "-m", "-w", "2", in: director)
        #expect(
            try ipvsadm("-S", "-n", in: director) == """
                -A -t 10.0.2.1:80 -s \(scheduler)
                -a -t 10.0.2.1:80 -r 10.0.2.10:80 -m -w 2

                """)
        #expect(try KernelModules.running.isPresent("ip_vs_\(scheduler)"))
        try ipvsadm("-D", "-t", "10.0.2.1:80", in: director)
        #expect(try ipvsadm("-S", "-n", in: director) == "")
    }
}
