extension LVSConfig {
    /// The `network` key: how IPVS forwards packets to every real server.
    public enum ForwardingMethod: String, Hashable, Sendable, Codable, CaseIterable {
        /// `nat`: masquerading (ipvsadm `-m`); the director is the real servers' gateway.
        case nat
        /// `direct`: direct routing (ipvsadm `-g`); the real servers hold the VIP themselves.
        case direct
        /// `tunnel`: IP-in-IP tunnelling (ipvsadm `-i`).
        case tunnel
    }
}
