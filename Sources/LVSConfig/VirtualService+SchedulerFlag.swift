extension VirtualService {
    /// `scheduler_flags` (extension): the three flags IPVS passes to the scheduler, by the names
    /// ipvsadm gives them (`-b`). For `mh` and `sh`: `*-port` hashes the client's port with its
    /// address, `*-fallback` picks another server when the chosen one has weight 0.
    public enum SchedulerFlag: String, Hashable, Sendable, Codable, CaseIterable {
        case mhFallback = "mh-fallback"
        case mhPort = "mh-port"
        case shFallback = "sh-fallback"
        case shPort = "sh-port"
        case flag1 = "flag-1"
        case flag2 = "flag-2"
        case flag3 = "flag-3"

        /// Which of IPVS's flags (1, 2 or 3) this is.
        public var number: Int {
            switch self {
            case .mhFallback, .shFallback, .flag1: 1
            case .mhPort, .shPort, .flag2: 2
            case .flag3: 3
            }
        }

        /// The scheduler the name belongs to; nil for the generic `flag-N`.
        public var scheduler: Scheduler? {
            switch self {
            case .mhFallback, .mhPort: .mh
            case .shFallback, .shPort: .sh
            case .flag1, .flag2, .flag3: nil
            }
        }
    }
}
