import ArgumentParser
import DaemonSupport
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import LVSConfig
import LVSWeb
import Logging
import NIOSSL

/// `lvsweb serve` (the default): detaches like pulse (the first process exits once the server
/// listens, or with the reason it cannot), logging to syslog; `-n` stays in the foreground and
/// logs to standard error, `--nofork` stays in the foreground and logs to syslog (systemd).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the web tool (the default command).",
        discussion: """
            Listens on 127.0.0.1:3636 unless told otherwise; on any other address it requires \
            TLS (--tls-certificate and --tls-key) unless --allow-plain-http is given. Every page \
            needs a login (lvsweb passwd sets it). /metrics is served only with \
            --metrics-token-file, to requests that carry that token as a bearer token. SIGTERM \
            stops it.
            """
    )

    @Option(name: .customLong("listen"), help: ArgumentHelp("The address to listen on.", valueName: "ADDRESS"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The port.", valueName: "PORT"))
    var port = WebSettings.defaultPort

    @Option(name: .customLong("tls-certificate"), help: ArgumentHelp("TLS certificate chain (PEM).", valueName: "FILE"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("TLS private key (PEM).", valueName: "FILE"))
    var tlsKey: String?

    @Flag(name: .customLong("allow-plain-http"), help: "Accept plain HTTP on an address that is not loopback.")
    var allowPlainHTTP = false

    @Option(name: .customLong("password-file"), help: ArgumentHelp("The password file.", valueName: "FILE"))
    var passwordFile = PasswordFile.defaultPath

    @Option(
        name: .customLong("metrics-token-file"),
        help: ArgumentHelp("Serve /metrics to requests bearing the token in FILE.", valueName: "FILE"))
    var metricsTokenFile: String?

    @Option(name: [.customShort("c"), .customLong("configfile")], help: ArgumentHelp("lvs.cf.", valueName: "FILE"))
    var configFile = LVSConfigFile.defaultPath

    @Option(name: .customLong("pulse-socket"), help: ArgumentHelp("pulse's control socket.", valueName: "PATH"))
    var pulseSocket = WebSettings().pulseSocket

    @Option(name: .customLong("lvsd-socket"), help: ArgumentHelp("lvsd's control socket.", valueName: "PATH"))
    var lvsdSocket = WebSettings().lvsdSocket

    @Option(name: .customLong("session-minutes"), help: ArgumentHelp("Minutes a login lasts.", valueName: "MINUTES"))
    var sessionMinutes = 30.0

    @Option(
        name: .customLong("peer-address"),
        help: ArgumentHelp("The peer to send lvs.cf to (default: the peer pulse knows).", valueName: "ADDRESS"))
    var peerAddress: String?

    @Option(
        name: .customLong("peer-ssh"),
        help: ArgumentHelp("The ssh command for sending lvs.cf to the peer.", valueName: "COMMAND"))
    var peerSSH = PeerSync.defaultSSH.joined(separator: " ")

    @Option(name: .customLong("peer-user"), help: ArgumentHelp("The user to log in as on the peer.", valueName: "USER"))
    var peerUser = "root"

    @Option(name: .customLong("peer-lvsctl"), help: ArgumentHelp("lvsctl on the peer.", valueName: "PATH"))
    var peerLVSCtl = "lvsctl"

    @Option(
        name: .customLong("peer-configfile"),
        help: ArgumentHelp("lvs.cf's path on the peer (default: the same as here).", valueName: "FILE"))
    var peerConfigFile: String?

    @Flag(name: [.customShort("n"), .customLong("nodaemon")], help: "Stay in the foreground, log to standard error.")
    var noDaemon = false

    @Flag(name: .customLong("nofork"), help: "Stay in the foreground, log to syslog (for systemd).")
    var noFork = false

    @Option(
        name: .customLong("runtime-directory"),
        help: ArgumentHelp("Where the pidfile (lvsweb.pid) goes.", valueName: "DIR"))
    var runtimeDirectory = "/run/lvsweb"

    @Option(name: .customLong("log-socket"), help: ArgumentHelp("The syslog socket.", valueName: "PATH"))
    var logSocket = "/dev/log"

    @Flag(name: [.customShort("v"), .customLong("verbose")], help: "Log debug messages.")
    var verbose = false

    func validate() throws {
        if noDaemon && noFork { throw ValidationError("--nodaemon and --nofork exclude each other") }
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-certificate and --tls-key go together")
        }
        guard sessionMinutes >= 1, sessionMinutes <= 24 * 60 else {
            throw ValidationError("--session-minutes must be 1 to 1440")
        }
        do {
            try ListenPolicy.check(
                host: host, port: port, hasTLS: tlsCertificate != nil, allowPlainRemote: allowPlainHTTP)
        } catch {
            throw ValidationError(error.description)
        }
        if CommandWords.split(peerSSH)?.isEmpty ?? true {
            throw ValidationError("--peer-ssh: \"\(peerSSH)\" is not a command")
        }
    }

    func run() async throws {
        // A peer's ssh that exits without reading lvs.cf must not kill lvsweb.
        Signal.pipe.ignore()
        let bootstrap = DaemonBootstrap(program: "lvsweb")
        // The daemon is this program started again (paths made absolute first: it runs in /);
        // it reports to the waiting first process once it listens, or why it cannot.
        let readiness: DaemonReadiness?
        switch bootstrap.detach(foreground: noDaemon || noFork) {
        case .proceed(let ready):
            readiness = ready
        case .exit(let status, let problem):
            if let problem { Console.error("lvsweb: \(problem)") }
            throw ExitCode(status)
        }
        bootstrap.bootstrapLogging(noDaemon ? .standardError : .syslog, logSocket: logSocket)
        let logger = bootstrap.logger(verbose: verbose)
        func refuse(_ problem: String) -> ExitCode {
            if let line = bootstrap.reportStart(problem, readiness: readiness, logger: logger) { Console.error(line) }
            return ExitCode(1)
        }

        var settings = WebSettings()
        settings.host = host
        settings.port = port
        settings.tlsCertificate = tlsCertificate.map(Self.absolute)
        settings.tlsKey = tlsKey.map(Self.absolute)
        settings.allowPlainRemote = allowPlainHTTP
        settings.passwordFile = Self.absolute(passwordFile)
        settings.metricsTokenFile = metricsTokenFile.map(Self.absolute)
        settings.configFile = Self.absolute(configFile)
        settings.pulseSocket = Self.absolute(pulseSocket)
        settings.lvsdSocket = Self.absolute(lvsdSocket)
        settings.sessionLifetime = .milliseconds(Int64(sessionMinutes * 60_000))
        settings.peerAddress = peerAddress
        settings.peerSync = PeerSync(
            ssh: CommandWords.split(peerSSH) ?? PeerSync.defaultSSH, user: peerUser, remoteLVSCtl: peerLVSCtl,
            remotePath: peerConfigFile ?? settings.configFile)
        settings.hostName = (try? HostName.current()) ?? "localhost"

        let password: PasswordFile
        var token: String?
        var server: HTTPServerBuilder = .http1()
        let pidfile: Pidfile
        do {
            password = try PasswordFile.read(settings.passwordFile)
            token = try settings.metricsTokenFile.map(SecretToken.read)
            if let certificate = settings.tlsCertificate, let key = settings.tlsKey {
                server = try .tls(.http1(), tlsConfiguration: try Self.tls(certificate: certificate, key: key))
            }
            pidfile = try bootstrap.acquirePidfile(in: Self.absolute(runtimeDirectory))
        } catch {
            throw refuse("\(error)")
        }
        defer { pidfile.release() }
        let scheme = settings.usesTLS ? "https" : "http"
        let console = WebConsole(settings: settings, password: password, metricsToken: token, logger: logger)
        if let problem = console.store.permissionProblem() { logger.warning("\(problem)") }
        let application = Application(
            router: console.router(), server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "lvsweb"),
            services: [console.sessionStore],
            onServerRunning: { _ in
                logger.notice("serving \(scheme)://\(host):\(port)/ for \(password.user)")
                if let line = bootstrap.reportStart(nil, readiness: readiness, logger: logger) { Console.error(line) }
            },
            logger: logger)
        do {
            try await application.runService()
        } catch {
            throw refuse("serving on \(host):\(port): \(error)")
        }
    }

    /// `path` from the directory lvsweb was started in (the daemon runs in /).
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/"), let directory = try? WorkingDirectory.current() else { return path }
        return directory + "/" + path
    }

    static func tls(certificate: String, key: String) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let privateKey: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw WebFileError(operation: "reading the TLS certificate", path: certificate, reason: "\(error)")
        }
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw WebFileError(operation: "reading the TLS key", path: key, reason: "\(error)")
        }
        return TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
    }
}
