extension VIPHolder {
    /// Carries `change` out, on the address worker's thread.
    public func carryOut(_ change: VIPChange) -> VIPChange.Outcome {
        switch change {
        case .activate(let addresses, let announce):
            let started = ContinuousClock.now
            let failures = bringUp(addresses)
            let announceFailures = announce ? self.announce(held) : []
            return VIPChange.Outcome(
                held: held, failures: failures, announceFailures: announceFailures, took: ContinuousClock.now - started)
        case .deactivate(let configured):
            let before = held
            let outcome = takeDown(VIPChange.takeDownOrder(held: before, configured: configured))
            return VIPChange.Outcome(held: held, failures: outcome.failures, removed: before)
        case .removeLeftovers(let addresses):
            let outcome = takeDown(addresses)
            return VIPChange.Outcome(held: held, failures: outcome.failures, removed: outcome.removed)
        case .reload(let remove, let forgetAnnouncers, let add, let announce):
            var failures = remove.isEmpty ? [] : takeDown(remove).failures
            if forgetAnnouncers { self.forgetAnnouncers() }
            failures += bringUp(add)
            return VIPChange.Outcome(
                held: held, failures: failures, announceFailures: announce ? self.announce(add) : [])
        case .announce(let addresses, _):
            return VIPChange.Outcome(held: held, announceFailures: announce(addresses))
        }
    }
}
