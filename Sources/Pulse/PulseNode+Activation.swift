import DaemonSupport
import Heartbeat
import IPVS
import Interfaces
import Logging

extension PulseNode {
    /// `.activate`, in the order that gets the VIPs answering soonest: VIPs up and the first
    /// gratuitous ARPs (on the address worker), the sync daemon to master, then `active_cmd` once
    /// the VIPs are up. The outcome is reported to the state machine only after the first ARPs:
    /// its *active* heartbeat makes a partner that hands over take its addresses down, and the
    /// neighbours must have learnt the new ones by then (a client or real server still sending to
    /// the partner once it let go would lose its packets). lvsd is not touched: it runs already
    /// (warm standby), or the machine starts it beside this (cold standby).
    func activate() {
        let addresses = settings.virtualAddresses
        let announce = settings.gratuitousARP.count > 0
        addressWorker.submit({ holder in
            let started = ContinuousClock.now
            let failures = holder.bringUp(addresses)
            let announceFailures = announce ? holder.announce(holder.held) : []
            return AddressChange(
                held: holder.held, failures: failures, announceFailures: announceFailures,
                took: ContinuousClock.now - started)
        }) { [unowned self] change in
            heldAddresses = change.held
            let announced = announce ? ", announced" : ""
            logger.notice("VIPs up: \(Self.list(change.held))\(announced) (\(Self.milliseconds(change.took)) ms)")
            for failure in change.failures { logger.error("\(failure)") }
            for failure in change.announceFailures { logger.warning("gratuitous ARP (first round): \(failure)") }
            let problems = change.failures.map(\.description)
            dispatch(problems.isEmpty ? .activationFinished : .activationFailed(problems.joined(separator: "; ")))
            run(settings.activeCommand, as: "active_cmd")
        }
        switchSyncDaemon(to: .master)
    }

    /// `.deactivate`: VIPs down first (the peer already announces them, or will at once), then
    /// `inactive_cmd`, and the sync daemon back to backup. lvsd keeps running (warm standby) unless
    /// the machine stops it too.
    func deactivate() {
        let addresses = settings.virtualAddresses
        addressWorker.submit({ holder in
            let held = holder.held
            let outcome = holder.takeDown(held + addresses.filter { !held.contains($0) })
            return AddressChange(held: holder.held, failures: outcome.failures, removed: held)
        }) { [unowned self] change in
            heldAddresses = change.held
            logger.notice("VIPs down: \(Self.list(change.removed))")
            for failure in change.failures { logger.error("\(failure)") }
            run(settings.inactiveCommand, as: "inactive_cmd")
        }
        switchSyncDaemon(to: .backup)
    }

    /// The inactive start Piranha makes: VIPs a killed pulse may have left behind are removed (so
    /// they are never on both directors), `inactive_cmd` runs and the sync daemon is a backup.
    func standBy() {
        let addresses = settings.virtualAddresses
        addressWorker.submit({ holder in
            let outcome = holder.takeDown(addresses)
            return AddressChange(held: holder.held, failures: outcome.failures, removed: outcome.removed)
        }) { [unowned self] change in
            if !change.removed.isEmpty {
                logger.warning("removed VIPs left behind by an earlier run: \(Self.list(change.removed))")
            }
            for failure in change.failures { logger.error("\(failure)") }
            if !holdsVIPs { run(settings.inactiveCommand, as: "inactive_cmd") }
        }
        switchSyncDaemon(to: .backup)
    }

    /// One round of announcements for `addresses` (on the address worker).
    func announce(_ addresses: [VirtualAddress], round: String) {
        guard !addresses.isEmpty else { return }
        addressWorker.submit({ holder in holder.announce(addresses) }) { [unowned self] failures in
            for failure in failures { logger.warning("gratuitous ARP (\(round) round): \(failure)") }
            logger.debug("gratuitous ARP \(round) round for \(Self.list(addresses))")
        }
    }

    /// Starts `command` (no shell) without waiting for it; its exit is logged.
    func run(_ command: [String]?, as key: String) {
        guard let command, let program = command.first else { return }
        let spec = ChildProcessSpec(executable: program, arguments: Array(command.dropFirst()))
        do {
            let spawned = try reaper.spawn(spec) { [logger] exit in
                if exit.status.isSuccess {
                    logger.info("\(key) finished: \(spec.commandLine)")
                } else {
                    logger.warning("\(key) \(exit.status): \(spec.commandLine)")
                }
            }
            logger.info("running \(key): \(spec.commandLine)", metadata: ["pid": "\(spawned.pid)"])
        } catch {
            logger.error("cannot run \(key) \(spec.commandLine): \(error)")
        }
    }

    /// Switches the IPVS sync daemon (when `syncdaemon = 1`) on its worker, logging what it did.
    /// Requests made while a switch runs are coalesced: the last role wanted is switched to next.
    func switchSyncDaemon(to role: IPVSSyncDaemonRole) {
        guard settings.syncDaemon != nil else { return }
        syncRoleWanted = role
        guard syncRoleSwitching == nil else {
            if syncRoleSwitching != role { logger.info("sync daemon: switching to \(role) once the switch under way is done") }
            return
        }
        switchSyncDaemonNow()
    }

    private func switchSyncDaemonNow() {
        guard let role = syncRoleWanted, let sync = settings.syncDaemon else { return }
        syncRoleSwitching = role
        let started = loop.now
        syncWorker.submit({ control in control.switchTo(role, settings: sync) }) {
            [unowned self] (result: Result<String, SyncDaemonSwitchError>) in
            syncRoleSwitching = nil
            let took = loop.now - started
            let slow = took > .seconds(1) ? " (the kernel took \(Self.milliseconds(took)) ms)" : ""
            switch result {
            case .success(let text): logger.info("\(text)\(slow)")
            case .failure(let error): logger.error("\(error)\(slow)")
            }
            if syncRoleWanted != role { switchSyncDaemonNow() }
        }
    }

    static func list(_ addresses: [VirtualAddress]) -> String {
        addresses.isEmpty ? "none" : addresses.map(\.description).joined(separator: ", ")
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(Double(Int((value * 100).rounded())) / 100)
    }
}

/// What the address worker did: the VIPs held afterwards, and what failed.
struct AddressChange: Sendable {
    /// The VIPs held after the change.
    var held: [VirtualAddress]
    /// Addresses that could not be added or removed.
    var failures: [InterfaceError]
    /// Gratuitous ARPs that could not be sent.
    var announceFailures: [InterfaceError] = []
    /// Addresses that were taken down.
    var removed: [VirtualAddress] = []
    /// How long the change took.
    var took: Duration = .zero
}
