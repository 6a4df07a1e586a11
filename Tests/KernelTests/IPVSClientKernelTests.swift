import Addressing
import IPVS
import Logging
import LVSTestKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The IPVS library against the real kernel: a client opened inside a namespace by path,
/// pipelined changes, reads, and errors that carry the operation and the kernel's errno.
@Suite(.kernelLayer)
struct IPVSClientKernelTests {
    let logger = Logger(label: "kernel-test")
    let web = IPVSServiceIdentity.address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80)

    func namespaceInode() -> ino_t {
        var st = stat()
        stat("/proc/thread-self/ns/net", &st)
        return st.st_ino
    }

    @Test func opensInsideANamespaceByPathAndLeavesTheThreadWhereItWas() throws {
        let lab = try NetworkLab(tag: "kcli")
        let director = try lab.namespace("dir")
        let before = namespaceInode()
        let client = try IPVSClient(namespacePath: director.path, logger: logger)
        #expect(namespaceInode() == before)
        try client.perform(.addService(IPVSService(identity: web, scheduler: .roundRobin)))
        #expect(try ipvsadm("-S", "-n", in: director) == "-A -t 10.0.0.100:80 -s rr\n")
        // The guest's own namespace has no such service.
        #expect(!(try TestProcess.run("ipvsadm", ["-S", "-n"]).output.contains("10.0.0.100:80")))
        #expect(try client.info().versionString == "1.2.1")
    }

    @Test func pipelinesThousandsOfChangesWithOneResultEach() throws {
        let lab = try NetworkLab(tag: "kcpl")
        let director = try lab.namespace("dir")
        let client = try IPVSClient(namespacePath: director.path, logger: logger)
        var operations: [IPVSOperation] = []
        for i in 0..<1000 {
            let id = IPVSServiceIdentity.address(.tcp, .v4(IPv4Address(UInt32(0x0A01_0000 + i))), port: 80)
            operations.append(.addService(IPVSService(identity: id)))
            for j in 0..<2 {
                let server = IPVSDestination(
                    address: .v4(IPv4Address(10, 2, UInt8(j), UInt8(i % 250))), port: 8080,
                    forwarding: .masquerade)
                operations.append(.addDestination(server, service: id))
            }
        }
        // Every 500th change is made to fail: a second add of the same service.
        for k in stride(from: 500, to: operations.count, by: 500) {
            if case .addService(let s) = operations[k - 1] { operations[k] = .addService(s) }
        }
        let start = ContinuousClock.now
        let results = client.apply(operations)
        let elapsed = ContinuousClock.now - start
        print("applied \(operations.count) operations in \(elapsed)")
        for (k, result) in results.enumerated() {
            if k > 0, k % 500 == 0, case .addService = operations[k - 1] {
                guard case .failure(let e) = result else {
                    Issue.record("operation \(k) should have failed")
                    continue
                }
                #expect(e.errno == EEXIST)
                #expect(e.ipvsadmMessage == "Service already exists")
            } else if case .failure(let e) = result {
                Issue.record("operation \(k): \(e)")
            }
        }
        let services = try client.services()
        #expect(services.count == 1000)
        #expect(try client.destinations(of: services[0].identity).count == 2)
        try client.perform(.flush)
        #expect(try client.services().isEmpty)
    }

    @Test func errorsNameTheOperationTheObjectAndTheKernelsErrno() throws {
        let lab = try NetworkLab(tag: "kcer")
        let director = try lab.namespace("dir")
        let client = try IPVSClient(namespacePath: director.path, logger: logger)
        let server = IPVSDestination(address: .v4(IPv4Address(10, 0, 1, 10)), port: 80, forwarding: .masquerade)
        let results = client.apply([.addDestination(server, service: web), .deleteService(web)])
        guard case .failure(let first) = results[0], case .failure(let second) = results[1] else {
            Issue.record("expected two failures, got \(results)")
            return
        }
        #expect(first.description == "adding real server 10.0.1.10:80 to TCP 10.0.0.100:80: service not defined")
        #expect(first.errno == ESRCH)
        #expect(second.description == "deleting service TCP 10.0.0.100:80: no such service")
        #expect(throws: IPVSError(.getService(web), .kernel(errno: ESRCH))) { try client.service(web) }
        #expect(try client.destinations(of: web) == [])
    }

    @Test func timeoutsZeroAndDaemons() throws {
        let lab = try NetworkLab(tag: "kctz")
        let director = try lab.namespace("dir")
        // Stopping a backup sync daemon releases its multicast socket under the RTNL lock, which
        // the kernel also takes while it tears down the namespaces of the suites before this one:
        // in the emulated guest that stop has waited more than 30 s (the client's default).
        let client = try IPVSClient(namespacePath: director.path, timeout: .seconds(180), logger: logger)
        #expect(try client.timeouts() == .kernelDefaults)
        try client.perform(.setTimeouts(IPVSTimeouts(tcp: 60, tcpFin: 0, udp: 30)))
        #expect(try client.timeouts() == IPVSTimeouts(tcp: 60, tcpFin: 120, udp: 30))
        try client.perform(.addService(IPVSService(identity: web)))
        try client.perform(.zero(web))
        try client.perform(.zero(nil))
        try client.perform(.startDaemon(IPVSSyncDaemon(role: .backup, interface: "lo", syncID: 4)))
        #expect(try client.syncDaemons().map(\.syncID) == [4])
        let stopping = ContinuousClock.now
        try client.perform(.stopDaemon(.backup))
        print("ipvs kernel figure: stopping the backup sync daemon took \(ContinuousClock.now - stopping)")
        #expect(try client.syncDaemons() == [])
    }
}
