import Addressing

/// `cluster_mode` and its keys (extensions): active-active directors announced over BGP.
extension ConfigParseRun {
    /// Applies one of the cluster keys (``ConfigKey/isClusterKey``).
    func applyClusterKey(_ key: ConfigKey, _ values: ArraySlice<ConfigToken>, _ equals: ConfigToken) {
        switch key {
        case .clusterDirectors:
            readClusterDirectors(values, equals)
            return
        case .bgpNeighbors:
            readNeighbors(values, equals)
            return
        default:
            break
        }
        guard expectValues(values, 1, key, equals, expecting: key.expectation, isText: key.isText) else { return }
        let t = values[values.startIndex]
        switch key {
        case .clusterMode:
            if let v = readWord(t, key, ClusterSettings.Mode.self) { config.cluster.mode = v }
        case .bgpLocalAS:
            if let n = readInteger(t, key, 1...Int64(UInt32.max), key.expectation) {
                config.cluster.localAS = UInt32(n)
            }
        case .bgpBFD:
            if let b = readBool(t, key) { config.cluster.bfd = b }
        case .bgpHoldTime:
            if let n = readInteger(t, key, 3...65535, key.expectation) { config.cluster.holdTime = Int(n) }
        case .bgpBFDInterval:
            if let n = readInteger(t, key, 10...10000, key.expectation) { config.cluster.bfdInterval = Int(n) }
        case .birdSocket:
            if let s = readAbsolutePath(t, key) { config.cluster.birdSocket = s }
        case .birdInclude:
            if let s = readAbsolutePath(t, key) { config.cluster.birdInclude = s }
        default:
            break
        }
    }

    private func readClusterDirectors(_ values: ArraySlice<ConfigToken>, _ equals: ConfigToken) {
        let key = ConfigKey.clusterDirectors
        guard !values.isEmpty else {
            diagnostics.error(
                SourceLocation(line: lineNumber, column: equals.column + 2),
                "\(key.name): missing value (expected \(key.expectation))")
            return
        }
        var directors: [IPAddress] = []
        for token in values {
            guard let address = readHost(token, key) else { continue }
            if address.isUnspecified || address.isMulticast {
                diagnostics.error(location(token), "\(key.name): \(shown(token)) cannot be a director's own address")
            } else if directors.contains(address) {
                diagnostics.error(location(token), "\(key.name): \(address) is listed twice")
            } else {
                directors.append(address)
            }
        }
        config.cluster.directors = directors
    }

    private func readNeighbors(_ values: ArraySlice<ConfigToken>, _ equals: ConfigToken) {
        let key = ConfigKey.bgpNeighbors
        let v = Array(values)
        guard !v.isEmpty, v.count.isMultiple(of: 2) else {
            let at = v.last.map { SourceLocation(line: lineNumber, column: $0.column) }
            diagnostics.error(
                at ?? SourceLocation(line: lineNumber, column: equals.column + 2),
                "\(key.name): \(v.isEmpty ? "missing value" : "an address without its AS number") (expected \(key.expectation))"
            )
            return
        }
        var neighbors: [ClusterSettings.Neighbor] = []
        for i in stride(from: 0, to: v.count, by: 2) {
            guard let address = readHost(v[i], key),
                let number = readInteger(v[i + 1], key, 1...Int64(UInt32.max), "an AS number 1-4294967295")
            else { continue }
            if address.isUnspecified || address.isMulticast {
                diagnostics.error(location(v[i]), "\(key.name): \(shown(v[i])) cannot be a router's address")
            } else if neighbors.contains(where: { $0.address == address }) {
                diagnostics.error(location(v[i]), "\(key.name): \(address) is listed twice")
            } else {
                neighbors.append(ClusterSettings.Neighbor(address: address, autonomousSystem: UInt32(number)))
            }
        }
        config.cluster.neighbors = neighbors
    }

    /// A path that must not depend on the daemon's working directory.
    func readAbsolutePath(_ token: ConfigToken, _ key: ConfigKey) -> String? {
        guard let s = readText(token, key) else { return nil }
        guard s.hasPrefix("/") else {
            diagnostics.error(location(token), "\(key.name): expected an absolute path, got \(shown(token))")
            return nil
        }
        return s
    }
}

extension ConfigKey {
    /// Keys whose value is a list of words, each its own token.
    var isList: Bool {
        self == .clusterDirectors || self == .bgpNeighbors || self == .schedulerFlags || self == .vrrpUnicastPeers
    }

    /// `cluster_mode` and the keys of its `bgp` mode.
    var isClusterKey: Bool {
        switch self {
        case .clusterMode, .clusterDirectors, .bgpLocalAS, .bgpNeighbors, .bgpBFD, .bgpBFDInterval, .bgpHoldTime,
            .birdSocket, .birdInclude:
            true
        default:
            false
        }
    }
}
