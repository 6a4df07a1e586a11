/// What `lvsctl status` knows about this director pair: pulse's view (this director and its peer)
/// and the local lvsd's services. `--json` prints it as it is.
public struct DirectorReport: Codable, Equatable, Sendable {
    /// A report of `pulse`'s status and lvsd's (or why lvsd did not answer).
    public init(pulse: PulseStatus, lvsd: LVSDStatus? = nil, lvsdNote: String? = nil) {
        self.pulse = pulse
        self.lvsd = lvsd
        self.lvsdNote = lvsdNote
    }

    /// pulse's status.
    public var pulse: PulseStatus
    /// lvsd's services, when lvsd answered.
    public var lvsd: LVSDStatus?
    /// Why there are no services here, when lvsd did not answer ("this director is inactive…").
    public var lvsdNote: String?

    /// Whether lvsd's absence is expected: this director is inactive and keeps no table (cold
    /// standby, or a pulse that does not say), or pulse runs without lvsd.
    public var lvsdAbsenceExpected: Bool {
        (pulse.state == .inactive && !Self.keepsWarmTable(pulse)) || pulse.lvsd?.note?.hasPrefix("not started") == true
    }

    /// Whether lvsd should run on this director while it is inactive (warm standby).
    public static func keepsWarmTable(_ status: PulseStatus) -> Bool {
        guard let table = status.table?.state else { return false }
        return table != "cold" && table != "unreported"
    }

    /// The note for an lvsd that did not answer with `error`.
    public static func note(for status: PulseStatus, error: ControlClientError) -> String {
        if status.state == .inactive, !keepsWarmTable(status) {
            let peer = status.peerAddress.map { " \($0)" } ?? ""
            switch status.peerState {
            case .active:
                return "lvsd does not run on an inactive director: the services are served by the peer\(peer) (active)"
            case .inactive:
                return "lvsd does not run on an inactive director, and the peer\(peer) is inactive too: nobody serves "
                    + "the services now"
            case .dead, .unknown:
                return "lvsd does not run on an inactive director; the peer\(peer) is \(status.peerState.rawValue)"
            }
        }
        if let note = status.lvsd?.note, note.hasPrefix("not started") { return "lvsd \(note)" }
        if status.state == .inactive {
            let pulseSays = status.lvsd?.note.map { " (pulse: lvsd \($0))" } ?? ""
            return "this director stands by with warm standby, but its lvsd does not answer: \(error)\(pulseSays)"
        }
        return "this director is active but lvsd does not answer: \(error)"
    }
}
