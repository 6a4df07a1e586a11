/// Why a reload was not applied.
struct ReloadRejection: Error {
    /// The diagnostics, for the requester.
    var message: String
}
