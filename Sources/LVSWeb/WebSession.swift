/// What a login session holds (in lvsweb's memory only; a restart logs everybody out).
public struct WebSession: Codable, Sendable, Equatable {
    /// Who logged in.
    public var user: String
    /// The token every state-changing form must carry (`csrf`).
    public var csrfToken: String
    /// When the session ends whatever happens, seconds since the Unix epoch.
    public var expiresAt: Double

    /// A session.
    public init(user: String, csrfToken: String, expiresAt: Double) {
        self.user = user
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}
