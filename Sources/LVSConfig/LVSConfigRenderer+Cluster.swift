extension LVSConfigRenderer {
    /// `cluster_mode` and its keys, when the directors are not a pair; the BIRD paths only when
    /// they differ from the defaults.
    func appendCluster(_ c: ClusterSettings, to s: inout [(key: String, value: String)]) {
        guard c.isActiveActive else { return }
        func add(_ key: ConfigKey, _ value: String) { s.append((key.rawValue, value)) }
        add(.clusterMode, c.mode.rawValue)
        if !c.directors.isEmpty { add(.clusterDirectors, c.directors.map(\.description).joined(separator: " ")) }
        if let n = c.localAS { add(.bgpLocalAS, String(n)) }
        if !c.neighbors.isEmpty {
            add(.bgpNeighbors, c.neighbors.map { "\($0.address) \($0.autonomousSystem)" }.joined(separator: " "))
        }
        if c.bfd { add(.bgpBFD, "1") }
        if c.bfdInterval != ClusterSettings().bfdInterval { add(.bgpBFDInterval, String(c.bfdInterval)) }
        if c.holdTime != ClusterSettings.defaultHoldTime { add(.bgpHoldTime, String(c.holdTime)) }
        if c.birdSocket != ClusterSettings.defaultBirdSocket { add(.birdSocket, c.birdSocket) }
        if c.birdInclude != ClusterSettings.defaultBirdInclude { add(.birdInclude, c.birdInclude) }
    }
}
