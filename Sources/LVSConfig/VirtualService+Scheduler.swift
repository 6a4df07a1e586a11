extension VirtualService {
    /// The `scheduler` key: every IPVS scheduler of Linux 6.x, by its kernel name. Whether the
    /// running kernel has the module is checked when the service is applied, not here.
    public enum Scheduler: String, Hashable, Sendable, Codable, CaseIterable {
        /// Round robin.
        case rr
        /// Weighted round robin.
        case wrr
        /// Least connections.
        case lc
        /// Weighted least connections (the default).
        case wlc
        /// Locality-based least connections.
        case lblc
        /// Locality-based least connections with replication.
        case lblcr
        /// Destination hashing.
        case dh
        /// Source hashing.
        case sh
        /// Shortest expected delay.
        case sed
        /// Never queue.
        case nq
        /// Weighted failover.
        case fo
        /// Weighted overflow.
        case ovf
        /// Maglev hashing.
        case mh
        /// Weighted random twos choice.
        case twos
    }
}
