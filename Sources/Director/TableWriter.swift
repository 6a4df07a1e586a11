import IPVS
import Logging

/// The one place lvsd changes IPVS (keepalived's `ipvs_talk`, seesaw's `ncc`): reads the table,
/// plans the difference from the target, applies the plan pipelined, and logs every operation
/// and every failure with its object.
///
/// An add that finds the entry already there, or a delete that finds it already gone, counts as
/// done; so does an edit whose entry vanished. Either means the table changed under lvsd, so it
/// is read again and the rest re-planned, at most ``maximumRounds`` times. Other failures are
/// logged and left for the next reconcile.
public struct TableWriter: Sendable {
    /// What one reconcile did.
    public struct Outcome: Sendable {
        /// The table after the changes (as read, plus the changes that succeeded); nil when it
        /// could not be read.
        public var snapshot: IPVSSnapshot?
        /// Operations the table carried out.
        public var applied: [IPVSOperation] = []
        /// Operations that failed for another reason than "already done".
        public var failures: [IPVSError] = []
        /// Why the table could not be read, if it could not.
        public var readError: IPVSError?

        /// Whether the table now matches the target.
        public var succeeded: Bool { readError == nil && failures.isEmpty }
    }

    /// Where operations and failures are logged.
    public var logger: Logger
    /// Rounds of read-plan-apply at most, when the table keeps changing under lvsd.
    public var maximumRounds: Int
    /// `--test-start`: the table is a model and operations are logged as what would be applied.
    public var dryRun: Bool

    /// A writer that logs to `logger`.
    public init(logger: Logger, maximumRounds: Int = 3, dryRun: Bool = false) {
        self.logger = logger
        self.maximumRounds = maximumRounds
        self.dryRun = dryRun
    }

    /// Brings `table` to `target` for the services in `owned` (and those of the target); no
    /// other service is read in full or changed. `describe` words operations for the log.
    public func reconcile<Table: IPVSTable>(
        _ target: TargetTable, owned: Set<IPVSServiceIdentity>, table: inout Table,
        describe: (IPVSOperation) -> String = { $0.description }
    ) -> Outcome {
        var outcome = Outcome()
        let scope = owned.union(target.services.map(\.service.identity))
        for round in 1...max(1, maximumRounds) {
            var snapshot: IPVSSnapshot
            do {
                snapshot = try IPVSSnapshot.read(from: table, destinationsOf: scope)
            } catch {
                logger.error("reading the IPVS table: \(error.causeDescription)")
                outcome.readError = error
                return outcome
            }
            let plan = ReconcilePlan(target: target, actual: snapshot, owned: scope)
            if plan.isEmpty {
                outcome.snapshot = snapshot
                return outcome
            }
            let results = table.apply(plan.operations)
            var tableChanged = false
            var failed = false
            for (operation, result) in zip(plan.operations, results) {
                switch result {
                case .success:
                    outcome.applied.append(operation)
                    snapshot.record(operation)
                    logger.log(
                        level: Self.level(of: operation), "\(dryRun ? "would apply: " : "")\(describe(operation))")
                case .failure(let error) where Self.isAlreadyDone(operation, error):
                    tableChanged = true
                    logger.notice(
                        "\(describe(operation)): \(error.causeDescription); the table changed under lvsd, taking it as done"
                    )
                case .failure(let error):
                    failed = true
                    outcome.failures.append(error)
                    logger.error("\(describe(operation)): \(error.causeDescription)")
                }
            }
            outcome.snapshot = snapshot
            if !tableChanged { return outcome }
            if round == maximumRounds {
                logger.warning(
                    "the IPVS table kept changing under lvsd for \(round) rounds; the next reconcile continues")
            }
            if failed { return outcome }
        }
        return outcome
    }

    /// An add that found the entry, a delete that did not, or an edit of an entry that is gone.
    public static func isAlreadyDone(_ operation: IPVSOperation, _ error: IPVSError) -> Bool {
        switch (operation, error.refusal) {
        case (.addService, .alreadyExists), (.addDestination, .alreadyExists): true
        case (.deleteService, .noSuchService), (.editService, .noSuchService): true
        case (.deleteDestination, .noSuchDestination), (.deleteDestination, .noSuchService): true
        case (.editDestination, .noSuchDestination), (.editDestination, .noSuchService): true
        default: false
        }
    }

    /// Weight steps are routine; servers and services coming and going are worth a notice.
    static func level(of operation: IPVSOperation) -> Logger.Level {
        switch operation {
        case .editDestination: .info
        default: .notice
        }
    }
}
