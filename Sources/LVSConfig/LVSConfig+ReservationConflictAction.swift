extension LVSConfig {
    /// The `reservation_conflict_action` key (FOS shared SCSI).
    public enum ReservationConflictAction: String, Hashable, Sendable, Codable, CaseIterable {
        /// `nothing`: leave the reservation alone.
        case nothing
        /// `preempt`: take the reservation over.
        case preempt
    }
}
