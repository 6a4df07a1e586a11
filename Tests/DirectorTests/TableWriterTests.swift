#if canImport(Glibc)
import Glibc
#endif
import Addressing
import Director
import IPVS
import Logging
import Testing

/// The choke point against a table with the kernel's error semantics.
@Suite struct TableWriterTests {
    let service = IPVSService(identity: wwwIdentity)
    let a = IPVSDestination(address: v4("10.0.1.10"), port: 80, forwarding: .masquerade, weight: 3)
    let b = IPVSDestination(address: v4("10.0.1.11"), port: 80, forwarding: .masquerade, weight: 5)

    @Test func bringsTheTableToTheTargetAndLogsEveryOperation() throws {
        let (logger, log) = recordingLogger()
        var table = InMemoryIPVSTable()
        let target = TargetTable(services: [.init(service: service, destinations: [a, b])])
        let outcome = TableWriter(logger: logger).reconcile(target, owned: [], table: &table)
        #expect(outcome.succeeded)
        #expect(
            outcome.applied == [
                .addService(service), .addDestination(a, service: wwwIdentity),
                .addDestination(b, service: wwwIdentity),
            ])
        #expect(
            log.messages == [
                "adding service TCP 192.0.2.10:80",
                "adding real server 10.0.1.10:80 to TCP 192.0.2.10:80",
                "adding real server 10.0.1.11:80 to TCP 192.0.2.10:80",
            ])
        #expect(ReconcilePlan(target: target, actual: try IPVSSnapshot.read(from: table), owned: []).isEmpty)
        // The snapshot it returns is the table as it now is.
        #expect(outcome.snapshot.flatMap { $0.entry(wwwIdentity)?.destinations?.count } == 2)
    }

    @Test func secondRunFindsNothingToDo() throws {
        let (logger, log) = recordingLogger()
        var table = InMemoryIPVSTable()
        let target = TargetTable(services: [.init(service: service, destinations: [a])])
        let writer = TableWriter(logger: logger)
        _ = writer.reconcile(target, owned: [], table: &table)
        log.clear()
        let outcome = writer.reconcile(target, owned: [], table: &table)
        #expect(outcome.applied.isEmpty)
        #expect(log.messages.isEmpty)
    }

    @Test func dryRunWordsOperationsAsWouldApply() throws {
        let (logger, log) = recordingLogger()
        var table = InMemoryIPVSTable.testStart()
        _ = TableWriter(logger: logger, dryRun: true).reconcile(
            TargetTable(services: [.init(service: service, destinations: [a])]), owned: [], table: &table)
        #expect(
            log.messages == [
                "would apply: adding service TCP 192.0.2.10:80",
                "would apply: adding real server 10.0.1.10:80 to TCP 192.0.2.10:80",
            ])
        #expect(try table.destinations(of: wwwIdentity).map(\.configuration) == [a])
    }

    @Test func hardFailuresAreLoggedWithOperationAndObjectAndTheRestStillRuns() throws {
        let (logger, log) = recordingLogger()
        var table = InMemoryIPVSTable()
        let twos = IPVSService(identity: .address(.tcp, v4("192.0.2.20"), port: 80), scheduler: .twos)
        let target = TargetTable(services: [
            .init(service: twos, destinations: [a]),
            .init(service: service, destinations: [b]),
        ])
        let outcome = TableWriter(logger: logger).reconcile(target, owned: [], table: &table)
        #expect(!outcome.succeeded)
        #expect(
            outcome.failures.map(\.description) == [
                "adding service TCP 192.0.2.20:80: scheduler or persistence engine not found",
                "adding real server 10.0.1.10:80 to TCP 192.0.2.20:80: service not defined",
            ])
        #expect(
            log.entries.filter { $0.level == .error }.map { "\($0.message)" } == outcome.failures.map(\.description))
        // The other service was still programmed.
        #expect(try table.destinations(of: wwwIdentity).map(\.identity) == [b.identity])
    }

    /// A table that changes under the writer between its read and its apply, the way another
    /// tool (or a previous lvsd) could: the first apply finds entries already there or gone.
    struct RacingTable: IPVSTable {
        var inner = InMemoryIPVSTable()
        var interference: [IPVSOperation]
        var applies = 0

        func info() throws(IPVSError) -> IPVSInfo { try inner.info() }
        func services() throws(IPVSError) -> [IPVSService] { try inner.services() }
        func service(_ identity: IPVSServiceIdentity) throws(IPVSError) -> IPVSService { try inner.service(identity) }
        func destinations(of service: IPVSServiceIdentity) throws(IPVSError) -> [IPVSDestination] {
            try inner.destinations(of: service)
        }
        func timeouts() throws(IPVSError) -> IPVSTimeouts { try inner.timeouts() }
        func syncDaemons() throws(IPVSError) -> [IPVSSyncDaemon] { try inner.syncDaemons() }
        mutating func apply(_ operations: [IPVSOperation]) -> [Result<Void, IPVSError>] {
            applies += 1
            if applies == 1 { _ = inner.apply(interference) }
            return inner.apply(operations)
        }
    }

    @Test func alreadyDoneCountsAsDoneAndTheRestIsReplanned() throws {
        let (logger, log) = recordingLogger()
        // Between the read and the apply someone adds the service with a different scheduler and
        // one of our destinations at the wrong weight.
        var wrong = a
        wrong.weight = 9
        var table = RacingTable(interference: [
            .addService(IPVSService(identity: wwwIdentity, scheduler: .roundRobin)),
            .addDestination(wrong, service: wwwIdentity),
        ])
        let target = TargetTable(services: [.init(service: service, destinations: [a, b])])
        let outcome = TableWriter(logger: logger).reconcile(target, owned: [], table: &table)
        #expect(outcome.succeeded)
        #expect(table.applies == 2)
        #expect(
            log.messages.contains(
                "adding service TCP 192.0.2.10:80: service already exists; the table changed under lvsd, taking it as done"
            ))
        #expect(
            log.messages.contains(
                "adding real server 10.0.1.10:80 to TCP 192.0.2.10:80: real server already exists; the table changed under lvsd, taking it as done"
            ))
        // The second round fixed what the first could not.
        #expect(try table.inner.service(wwwIdentity).scheduler == .weightedLeastConnections)
        #expect(try table.inner.destinations(of: wwwIdentity).first { $0.identity == a.identity }?.weight == 3)
    }

    @Test func deleteOfSomethingAlreadyGoneIsDone() throws {
        let (logger, _) = recordingLogger()
        var table = RacingTable(interference: [.deleteService(wwwIdentity)])
        _ = table.inner.apply([.addService(service), .addDestination(a, service: wwwIdentity)])
        let outcome = TableWriter(logger: logger).reconcile(TargetTable(), owned: [wwwIdentity], table: &table)
        #expect(outcome.succeeded)
        #expect(outcome.applied.isEmpty)
        #expect(try table.inner.services().isEmpty)
    }

    @Test func roundsAreBounded() throws {
        let (logger, log) = recordingLogger()
        /// Always re-adds the service right before each apply: every add finds it there.
        struct Stubborn: IPVSTable {
            var inner = InMemoryIPVSTable()
            var applies = 0
            let service: IPVSService
            func info() throws(IPVSError) -> IPVSInfo { try inner.info() }
            func services() throws(IPVSError) -> [IPVSService] { [] }
            func service(_ identity: IPVSServiceIdentity) throws(IPVSError) -> IPVSService {
                try inner.service(identity)
            }
            func destinations(of service: IPVSServiceIdentity) throws(IPVSError) -> [IPVSDestination] { [] }
            func timeouts() throws(IPVSError) -> IPVSTimeouts { try inner.timeouts() }
            func syncDaemons() throws(IPVSError) -> [IPVSSyncDaemon] { [] }
            mutating func apply(_ operations: [IPVSOperation]) -> [Result<Void, IPVSError>] {
                applies += 1
                _ = inner.apply([.addService(service)])
                return inner.apply(operations)
            }
        }
        var table = Stubborn(service: service)
        _ = TableWriter(logger: logger, maximumRounds: 3).reconcile(
            TargetTable(services: [.init(service: service, destinations: [])]), owned: [], table: &table)
        #expect(table.applies == 3)
        #expect(
            log.messages.last == "the IPVS table kept changing under lvsd for 3 rounds; the next reconcile continues")
    }

    @Test func unreadableTableIsReportedAndNothingIsApplied() {
        let (logger, log) = recordingLogger()
        struct Broken: IPVSTable {
            var applied = false
            func info() throws(IPVSError) -> IPVSInfo { throw IPVSError(.getInfo, .ipvsUnavailable) }
            func services() throws(IPVSError) -> [IPVSService] { throw IPVSError(.listServices, .timedOut(seconds: 5)) }
            func service(_ identity: IPVSServiceIdentity) throws(IPVSError) -> IPVSService {
                throw IPVSError(.getService(identity), .timedOut(seconds: 5))
            }
            func destinations(of service: IPVSServiceIdentity) throws(IPVSError) -> [IPVSDestination] { [] }
            func timeouts() throws(IPVSError) -> IPVSTimeouts { .kernelDefaults }
            func syncDaemons() throws(IPVSError) -> [IPVSSyncDaemon] { [] }
            mutating func apply(_ operations: [IPVSOperation]) -> [Result<Void, IPVSError>] {
                applied = true
                return operations.map { _ in .success(()) }
            }
        }
        var table = Broken()
        let outcome = TableWriter(logger: logger).reconcile(
            TargetTable(services: [.init(service: service, destinations: [])]), owned: [], table: &table)
        #expect(!outcome.succeeded)
        #expect(outcome.readError != nil)
        #expect(!table.applied)
        #expect(log.messages == ["reading the IPVS table: no answer from the kernel within 5 s"])
    }

    @Test func describeNamesServicesAndServersInLogLines() throws {
        let (logger, log) = recordingLogger()
        let d = Director(configuration: config(lvsFile(wwwBlock)), at: .now)
        var table = InMemoryIPVSTable()
        let target = TargetTable(services: [.init(service: service, destinations: [a])])
        _ = TableWriter(logger: logger).reconcile(target, owned: [], table: &table, describe: d.describe)
        #expect(
            log.messages == [
                "adding virtual www (TCP 192.0.2.10:80) (scheduler wlc)",
                "adding real server rs1 (10.0.1.10:80) to virtual www (TCP 192.0.2.10:80) with weight 3 (masquerade)",
            ])
    }

    @Test func alreadyDoneClassification() {
        let add = IPVSOperation.addDestination(a, service: wwwIdentity)
        let delete = IPVSOperation.deleteDestination(a.identity, service: wwwIdentity)
        #expect(TableWriter.isAlreadyDone(add, IPVSError(.change(add), .kernel(errno: EEXIST))))
        #expect(!TableWriter.isAlreadyDone(add, IPVSError(.change(add), .kernel(errno: ESRCH))))
        #expect(TableWriter.isAlreadyDone(delete, IPVSError(.change(delete), .kernel(errno: ENOENT))))
        #expect(
            TableWriter.isAlreadyDone(
                .deleteService(wwwIdentity), IPVSError(.change(.deleteService(wwwIdentity)), .kernel(errno: ESRCH))))
        #expect(!TableWriter.isAlreadyDone(delete, IPVSError(.change(delete), .timedOut(seconds: 5))))
        #expect(
            !TableWriter.isAlreadyDone(
                .addService(service), IPVSError(.change(.addService(service)), .kernel(errno: ENOENT))))
    }
}
