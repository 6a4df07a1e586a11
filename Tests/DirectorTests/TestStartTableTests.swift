#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Director
import IPVS
import Testing

/// The --test-start model answers like the kernel for what lvsd does.
@Suite struct TestStartTableTests {
    let s = IPVSService(identity: wwwIdentity)
    let d = IPVSDestination(address: v4("10.0.1.10"), port: 80, forwarding: .masquerade, weight: 3)

    var sequence: [IPVSOperation] {
        var edited = d
        edited.weight = 7
        var persistent = s
        persistent.flags = .persistent
        persistent.persistenceTimeout = 60
        return [
            .addDestination(d, service: wwwIdentity),  // ESRCH: no service yet
            .addService(s), .addService(s),  // EEXIST
            .editDestination(d, service: wwwIdentity),  // ENOENT
            .addDestination(d, service: wwwIdentity), .addDestination(d, service: wwwIdentity),  // EEXIST
            .editDestination(edited, service: wwwIdentity), .editService(persistent),
            .deleteDestination(d.identity, service: wwwIdentity),
            .deleteDestination(d.identity, service: wwwIdentity),  // ENOENT
            .setTimeouts(IPVSTimeouts(tcp: 600, tcpFin: 0, udp: 0)),
            .deleteService(wwwIdentity), .deleteService(wwwIdentity),  // ESRCH
            .editService(s),  // ESRCH
        ]
    }

    @Test func sameResultsAsTheKernelModel() throws {
        var dry = InMemoryIPVSTable.testStart()
        var kernel = InMemoryIPVSTable()
        func text(_ result: Result<Void, IPVSError>) -> String {
            switch result {
            case .success: "ok"
            case .failure(let error): error.description
            }
        }
        let mine = dry.apply(sequence).map(text)
        let theirs = kernel.apply(sequence).map(text)
        #expect(mine == theirs)
        #expect(try dry.timeouts() == kernel.timeouts())
        #expect(try dry.services() == kernel.services())
    }

    @Test func tableReadsBackWhatWasApplied() throws {
        var dry = InMemoryIPVSTable.testStart()
        _ = dry.apply([.addService(s), .addDestination(d, service: wwwIdentity)])
        #expect(try dry.service(wwwIdentity).configuration == s)
        #expect(try dry.destinations(of: wwwIdentity).map(\.configuration) == [d])
        #expect(throws: IPVSError(.getService(.firewallMark(1, family: .inet)), .kernel(errno: 3))) {
            _ = try dry.service(.firewallMark(1, family: .inet))
        }
    }

    @Test func startsFromWhatTheKernelHeld() throws {
        var kernel = InMemoryIPVSTable()
        _ = kernel.apply([.addService(s), .addDestination(d, service: wwwIdentity)])
        let dry = try InMemoryIPVSTable.testStart(copying: kernel)
        #expect(try dry.destinations(of: wwwIdentity).map(\.configuration) == [d])
    }

    @Test func everySchedulerOfLVSConfigIsTakenAsThere() throws {
        var dry = InMemoryIPVSTable.testStart()
        let twos = IPVSService(identity: wwwIdentity, scheduler: .twos)
        #expect(throws: Never.self) { try dry.perform(.addService(twos)) }
        let missing = IPVSOperation.editService(IPVSService(identity: wwwIdentity, scheduler: "nosuch"))
        #expect(throws: IPVSError(.change(missing), .kernel(errno: ENOENT))) { try dry.perform(missing) }
    }
}
