import Control
import LVSConfig

/// How lvsweb runs: where it listens, the files it guards and edits, the daemons' sockets, the
/// session lifetime and how it reaches the peer.
public struct WebSettings: Sendable {
    /// The default port: Piranha's tool's.
    public static let defaultPort = 3636

    /// The address to listen on.
    public var host = "127.0.0.1"
    /// The port.
    public var port = WebSettings.defaultPort
    /// TLS certificate chain (PEM) and key, both or neither.
    public var tlsCertificate: String?
    /// See ``tlsCertificate``.
    public var tlsKey: String?
    /// Plain HTTP on an address that is not loopback, accepted by the admin.
    public var allowPlainRemote = false
    /// The password file.
    public var passwordFile = PasswordFile.defaultPath
    /// The metrics bearer token file; nil serves no `/metrics`.
    public var metricsTokenFile: String?
    /// lvs.cf.
    public var configFile = LVSConfigFile.defaultPath
    /// pulse's and lvsd's control sockets.
    public var pulseSocket = ControlClient.pulsePath
    /// See ``pulseSocket``.
    public var lvsdSocket = ControlClient.lvsdPath
    /// How long a login lasts.
    public var sessionLifetime: Duration = .seconds(30 * 60)
    /// How lvs.cf reaches the peer.
    public var peerSync = PeerSync()
    /// The peer's address for the sync; nil takes it from pulse (its public address).
    public var peerAddress: String?
    /// This host's name, for titles.
    public var hostName = "localhost"

    /// The defaults.
    public init() {}

    /// Whether the listener uses TLS.
    public var usesTLS: Bool { tlsCertificate != nil }
}
