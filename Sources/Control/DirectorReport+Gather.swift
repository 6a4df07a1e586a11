extension DirectorReport {
    /// pulse's `status` with the local lvsd's services, or, when lvsd does not answer, the note
    /// that says why: what `lvsctl status` prints and lvsweb shows.
    public init(pulse status: PulseStatus, asking lvsd: ControlClient) {
        self.init(pulse: status)
        do throws(ControlClientError) {
            self.lvsd = try lvsd.send(LVSDRequest.status).result
        } catch {
            lvsdNote = Self.note(for: status, error: error)
        }
    }
}
