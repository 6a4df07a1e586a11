extension PulseNode {
    /// Carries out the stop's decisions (``PulseShutdown``).
    func carryOut(_ actions: [PulseShutdown.Action]) {
        for action in actions {
            switch action {
            case .log(let level, let message):
                logger.log(level: level, "\(message)")
            case .stopHeartbeats(let reason):
                core.commands.post(.stop(reason))
            case .awaitAnswer(let signal, let limit):
                loop.schedule(after: limit) { [unowned self] in carryOut(shutdown.heartbeatsDidNotAnswer(signal)) }
            case .finish:
                finish()
            }
        }
    }

    /// `.exit` (the heartbeat thread said goodbye to the peer and ended): stops serving and lvsd,
    /// and stops the loop once lvsd is gone and the VIPs are down.
    func finish() {
        guard shutdown.begin() else { return }
        core.commands.close()
        endVIPGuard()
        stopLinkWatch()
        control?.close()
        control = nil
        lvsd.stop()
        stopLoopWhenDone()
        loop.schedule(after: PulseShutdown.overdueDelay(lvsdStopTimeout: options.lvsdStopTimeout)) { [unowned self] in
            logger.error(
                "\(PulseShutdown.overdueLine(lvsdStopped: lvsd.isStopped, pendingVIPChanges: addressWorker.backlog))")
            loop.stop()
        }
    }

    /// Stops the loop once pulse is exiting, lvsd is gone and every VIP change has been made.
    func stopLoopWhenDone() {
        guard shutdown.mayStopLoop(lvsdStopped: lvsd.isStopped, pendingVIPChanges: addressWorker.backlog) else {
            return
        }
        syncWorker.shutDown()
        cluster?.shutDown()
        addressWorker.shutDown()
        reloadWorker.shutDown()
        loop.stop()
    }
}
