extension LVSConfig {
    /// The `service` key: which kind of block pulse runs.
    public enum ServiceKind: String, Hashable, Sendable, Codable, CaseIterable {
        /// `lvs`: virtual servers balanced with IPVS (`virtual` blocks).
        case lvs
        /// `fos`: failover services started and stopped on the active director (`failover` blocks).
        case fos
    }
}
