#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Testing

@testable import IPVS

@Suite struct IPVSErrorTests {
    let web = IPVSServiceIdentity.address(.tcp, .v4(IPv4Address(10, 0, 0, 100)), port: 80)
    var server: IPVSDestination { IPVSDestination(address: .v4(IPv4Address(10, 0, 1, 10)), port: 80) }

    /// ipvsadm's `ipvs_strerror` table: the same errno reads differently per operation.
    @Test(arguments: [
        (
            IPVSOperation.addService(IPVSService(identity: .firewallMark(1, family: .inet))), Int32(17),
            "Service already exists"
        ),
        (
            .addService(IPVSService(identity: .firewallMark(1, family: .inet))), 2,
            "Scheduler or persistence engine not found"
        ),
        (.editService(IPVSService(identity: .firewallMark(1, family: .inet))), 3, "No such service"),
        (
            .editService(IPVSService(identity: .firewallMark(1, family: .inet))), 2,
            "Scheduler or persistence engine not found"
        ),
        (.deleteService(.firewallMark(1, family: .inet)), 3, "No such service"),
        (.zero(.firewallMark(1, family: .inet)), 3, "No such service"),
        (
            .deleteDestination(
                IPVSDestinationIdentity(address: .v4(.any), port: 0), service: .firewallMark(1, family: .inet)), 3,
            "Service not defined"
        ),
        (
            .deleteDestination(
                IPVSDestinationIdentity(address: .v4(.any), port: 0), service: .firewallMark(1, family: .inet)), 2,
            "No such destination"
        ),
        (.startDaemon(IPVSSyncDaemon(role: .master, interface: "eth0")), 17, "Daemon has already run"),
        (.stopDaemon(.backup), 3, "No daemon is running"),
        (.flush, 1, "Permission denied (you must be root)"),
        (.flush, 22, "Invalid operation.  Possibly wrong module version, address not unicast, ..."),
        (.flush, 92, "Protocol not available"),
        (.flush, 12, "Memory allocation problem"),
        (.flush, 95, "Operation not supported with IPv6"),
        (.flush, 97, "Operation not supported with specified address family"),
        (.flush, 90, "Module is wrong version"),
        (.flush, 34, "Numerical result out of range"),
        (.flush, 3, "No such process"),
    ])
    func ipvsadmMessages(operation: IPVSOperation, errno: Int32, message: String) {
        #expect(IPVSError(.change(operation), .kernel(errno: errno)).ipvsadmMessage == message)
    }

    @Test func textNamesOperationObjectAndCause() {
        #expect(
            IPVSError(.change(.addDestination(server, service: web)), .kernel(errno: 3)).description
                == "adding real server 10.0.1.10:80 to TCP 10.0.0.100:80: service not defined")
        #expect(
            IPVSError(.change(.addService(IPVSService(identity: web))), .kernel(errno: 17)).description
                == "adding service TCP 10.0.0.100:80: service already exists")
        #expect(
            IPVSError(.change(.editDestination(server, service: web)), .kernel(errno: 34)).description
                == "editing real server 10.0.1.10:80 of TCP 10.0.0.100:80: value out of range (negative weight, "
                + "or lower threshold above upper threshold)")
        #expect(
            IPVSError(.listDestinations(web), .timedOut(seconds: 5)).description
                == "listing real servers of TCP 10.0.0.100:80: no answer from the kernel within 5 s")
    }

    @Test func noIPVSSaysHowToFixIt() {
        let error = IPVSError(.connect, .ipvsUnavailable)
        #expect(error.description.contains("modprobe ip_vs"))
        #expect(error.description.contains("CONFIG_IP_VS"))
        #expect(error.description.hasPrefix("connecting to the kernel's IPVS: this kernel has no IPVS"))
        #expect(error.ipvsadmMessage == "Protocol not available")
    }

    /// The same errno means another thing for another command; `refusal` reads both.
    @Test func refusalsReadTheErrnoWithTheCommand() {
        let service = IPVSService(identity: web)
        func refusal(_ operation: IPVSOperation, _ e: Int32) -> IPVSError.Refusal? {
            IPVSError(.change(operation), .kernel(errno: e)).refusal
        }
        #expect(refusal(.addService(service), EEXIST) == .alreadyExists)
        #expect(refusal(.addService(service), ENOENT) == nil)  // no scheduler module
        #expect(refusal(.editService(service), ESRCH) == .noSuchService)
        #expect(refusal(.editService(service), ENOENT) == nil)
        #expect(refusal(.deleteService(web), ESRCH) == .noSuchService)
        #expect(refusal(.zero(web), ESRCH) == .noSuchService)
        #expect(refusal(.addDestination(server, service: web), EEXIST) == .alreadyExists)
        #expect(refusal(.addDestination(server, service: web), ESRCH) == .noSuchService)
        #expect(refusal(.editDestination(server, service: web), ENOENT) == .noSuchDestination)
        #expect(refusal(.editDestination(server, service: web), ESRCH) == .noSuchService)
        #expect(refusal(.deleteDestination(server.identity, service: web), ENOENT) == .noSuchDestination)
        #expect(refusal(.deleteDestination(server.identity, service: web), ESRCH) == .noSuchService)
        #expect(refusal(.startDaemon(IPVSSyncDaemon(role: .master, interface: "lo")), EEXIST) == .alreadyExists)
        #expect(refusal(.stopDaemon(.master), ESRCH) == .noSuchDaemon)
        #expect(refusal(.flush, ESRCH) == nil)
        #expect(IPVSError(.getService(web), .kernel(errno: ESRCH)).refusal == .noSuchService)
        #expect(IPVSError(.change(.addService(service)), .system(call: "send", errno: EEXIST)).refusal == nil)
        #expect(IPVSError(.connect, .ipvsUnavailable).refusal == nil)
    }
}
