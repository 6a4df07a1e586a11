import Addressing

/// The `vrrp_*` keys (extensions), for `heartbeat_protocol = vrrp`.
extension ConfigParseRun {
    /// Applies one of the VRRP keys (``ConfigKey/isVRRPKey``).
    func applyVRRPKey(_ key: ConfigKey, _ values: ArraySlice<ConfigToken>, _ equals: ConfigToken) {
        if key == .vrrpUnicastPeers { return readUnicastPeers(values, equals) }
        guard expectValues(values, 1, key, equals, expecting: key.expectation) else { return }
        let t = values[values.startIndex]
        switch key {
        case .vrrpID:
            if let n = readInteger(t, key, 1...255, key.expectation) { config.vrrp.virtualRouterID = UInt8(n) }
        case .vrrpVersion:
            if let n = readInteger(t, key, 2...3, key.expectation) {
                config.vrrp.version = VRRPSettings.Version(rawValue: Int(n))
            }
        case .vrrpPrimaryPriority:
            if let n = readPriority(t, key) { config.vrrp.primaryPriority = n }
        case .vrrpBackupPriority:
            if let n = readPriority(t, key) { config.vrrp.backupPriority = n }
        case .vrrpAdvertInterval:
            if let n = readInteger(t, key, 1...4095, key.expectation) { config.vrrp.advertInterval = Int(n) }
        case .vrrpPreempt:
            if let b = readBool(t, key) { config.vrrp.preempt = b }
        case .vrrpPreemptDelay:
            if let n = readInteger(t, key, 0...1000, key.expectation) { config.vrrp.preemptDelay = Int(n) }
        case .vrrpChecksum:
            if let v = readWord(t, key, VRRPSettings.ChecksumMode.self) { config.vrrp.checksum = v }
        default:
            break
        }
    }

    /// A priority 1-254. 255 belongs to the router that owns the addresses (has them configured
    /// as its own); pulse adds the VIPs when it becomes master, so it never owns them.
    private func readPriority(_ token: ConfigToken, _ key: ConfigKey) -> UInt8? {
        if case .value(255) = IntegerText.parse(bytes, token.start, token.end) {
            diagnostics.error(
                location(token),
                "\(key.name): 255 is the priority of the router that owns the addresses; pulse adds the VIPs itself, so it never owns them (expected \(key.expectation))"
            )
            return nil
        }
        return readInteger(token, key, 1...254, key.expectation).map { UInt8($0) }
    }

    private func readUnicastPeers(_ values: ArraySlice<ConfigToken>, _ equals: ConfigToken) {
        let key = ConfigKey.vrrpUnicastPeers
        guard !values.isEmpty else {
            diagnostics.error(
                SourceLocation(line: lineNumber, column: equals.column + 2),
                "\(key.name): missing value (expected \(key.expectation))")
            return
        }
        var peers: [IPAddress] = []
        for token in values {
            guard let address = readHost(token, key) else { continue }
            if address.isUnspecified || address.isMulticast {
                diagnostics.error(location(token), "\(key.name): \(shown(token)) cannot be a peer's address")
            } else if peers.contains(address) {
                diagnostics.error(location(token), "\(key.name): \(address) is listed twice")
            } else {
                peers.append(address)
            }
        }
        config.vrrp.unicastPeers = peers
    }
}

extension ConfigKey {
    /// The `vrrp_*` keys, read with `heartbeat_protocol = vrrp`.
    var isVRRPKey: Bool {
        switch self {
        case .vrrpID, .vrrpVersion, .vrrpPrimaryPriority, .vrrpBackupPriority, .vrrpAdvertInterval, .vrrpPreempt,
            .vrrpPreemptDelay, .vrrpUnicastPeers, .vrrpChecksum:
            true
        default:
            false
        }
    }
}
