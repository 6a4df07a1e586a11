import Hummingbird
import HummingbirdAuth
import NIOCore

/// Each request's context: its session (hummingbird-auth's session middleware fills it) and the
/// client's address (login throttling, the log's "from").
public struct WebRequestContext: SessionRequestContext, RemoteAddressRequestContext {
    /// Hummingbird's part.
    public var coreContext: CoreRequestContextStorage
    /// The session, when the request carries a valid cookie.
    public let sessions: SessionContext<WebSession>
    /// The client's address.
    public let remoteAddress: SocketAddress?
    /// The form fields of a POST, once the access check has read them.
    public var form: FormFields = FormFields()

    /// A context for a request on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's address without its port, for throttling and logs.
    public var client: String { remoteAddress?.ipAddress ?? "unknown" }

    /// The logged-in user, for logs ("-" without a session).
    public var user: String { sessions.session?.user ?? "-" }
}
