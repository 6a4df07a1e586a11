extension ConfigKey {
    /// Whether the key may be set in a context (lvs-cf.md A.5–A.8, and C.1 for the keys the
    /// Piranha GUI wrote into blocks).
    func isAllowed(in context: ConfigParseRun.Context) -> Bool {
        switch context {
        case .global: isGlobal
        case .virtual, .failover: isServiceKey
        case .server: isServerKey
        }
    }

    var isGlobal: Bool {
        switch self {
        case .serialNo, .service, .primary, .primaryPrivate, .primaryShared, .backup, .backupActive,
            .backupPrivate, .backupShared, .heartbeat, .heartbeatPort, .keepalive, .deadtime, .network,
            .natRouter, .natNmask, .debugLevel, .rshCommand, .ipvsadm, .sync, .reservationConflictAction,
            .activeCmd, .inactiveCmd, .monitorLinks, .syncdaemon, .syncdIface, .syncdID, .tcpTimeout,
            .tcpfinTimeout, .udpTimeout, .hardShutdown, .heartbeatProtocol, .heartbeatKeyFile, .garpCount,
            .garpInterval, .warmStandby:
            true
        default:
            isClusterKey || isVRRPKey
        }
    }

    var isServiceKey: Bool {
        switch self {
        case .active, .address, .vipNmask, .sorryServer, .fwmark, .protocol, .port, .scheduler, .schedulerFlags,
            .persistent,
            .pmask, .clientMonitor, .send, .expect, .useRegex, .sendProgram, .timeout, .reentry, .loadMonitor,
            .quiesceServer, .startCmd, .stopCmd, .master, .dirs, .expectProgram, .method, .deadtime, .heartbeat:
            true
        default:
            isCheckExtension
        }
    }

    /// The health-check keys the suite adds (check types, their settings, rise and fall).
    var isCheckExtension: Bool {
        switch self {
        case .checkType, .httpMethod, .httpPath, .httpHost, .httpStatus, .httpRegex, .httpDigest, .tlsServerName,
            .tlsVerify, .tlsCAFile, .dnsName, .dnsType, .dnsRcode, .dnsAnswer, .smtpHelo, .rise, .fall:
            true
        default:
            false
        }
    }

    var isServerKey: Bool {
        switch self {
        case .address, .active, .port, .weight, .nmask: true
        default: false
        }
    }

    /// Where the key belongs, for a message about a misplaced key.
    var home: String {
        if isGlobal { return "the global section (outside any block)" }
        if isServiceKey { return "a virtual or failover block" }
        return "a server block"
    }

    /// Keys a failover service reads; the other virtual-block keys are accepted there (Piranha
    /// used one parser for both) but have no effect.
    var isUsedByFailoverServices: Bool {
        switch self {
        case .active, .address, .vipNmask, .port, .send, .expect, .sendProgram, .timeout, .reentry,
            .startCmd, .stopCmd, .useRegex:
            true
        default:
            isCheckExtension
        }
    }

    /// A hint for an unknown key: the key with other capitalisation, or a close spelling that
    /// is valid in the context.
    static func suggestion(for name: String, in context: ConfigParseRun.Context) -> String? {
        let lower = name.lowercased()
        if let key = ConfigKey(rawValue: lower) {
            return " (keys are case-sensitive: did you mean '\(key.name)'?)"
        }
        let candidates = allCases.filter { $0.isAllowed(in: context) }
        var best: (ConfigKey, Int)?
        for key in candidates {
            let d = editDistance(lower, key.rawValue, limit: 2)
            if d <= 2, d < (best?.1 ?? 3) { best = (key, d) }
        }
        if let (key, _) = best { return " (did you mean '\(key.name)'?)" }
        return nil
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) once it is certainly larger.
    private static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.count > 64 || y.count > 64 { return limit + 1 }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            current[0] = i
            var rowMin = current[0]
            for j in 1...max(y.count, 1) where !y.isEmpty {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = Swift.min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
