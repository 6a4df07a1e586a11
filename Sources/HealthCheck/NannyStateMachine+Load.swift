extension NannyStateMachine {
    /// The weight the load monitor may adjust now, or `nil` when it must not: only while the
    /// server is up, checked (no administrator override) and past slow start. Slow start comes
    /// first; an override (SIGUSR2's full weight, SIGUSR1's down) stops load changes until SIGHUP.
    public var loadAdjustableWeight: Int? {
        guard isChecking, nextWeightStep == nil, case .up(let weight, _) = health else { return nil }
        return weight
    }

    /// The server's 1-minute load was measured as `load`: moves the weight as `policy` says.
    public mutating func loadMeasured(_ load: Double, policy: LoadWeightPolicy) -> [NannyAction] {
        guard let current = loadAdjustableWeight else { return [] }
        guard let new = policy.weight(current: current, load: load) else {
            return [.log(.debug, "load of \(configuration.server) is \(load); weight stays \(current)")]
        }
        return weightChanged(to: new, reason: "load \(load)")
    }
}
