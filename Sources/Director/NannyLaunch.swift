import Addressing
import IPVS
import LVSConfig
import Units

/// The program and arguments lvsd runs to watch one real server: Piranha's
/// `startClientMonitor()` vector (`-c -h ADDR -p PORT -r RPORT` with the service's send/expect,
/// timeout, weight, routing and load options) plus the report socket.
///
/// ```
/// nanny -c -h RIP -p VPORT -r RPORT [-f FWMARK] [-u] [-e PROGRAM] [-s SEND] [-x EXPECT] [-q]
///       [--regex] [-v] -a REENTRY -I IPVSADM -t TIMEOUT -w WEIGHT -V VIP -M m|g|i [-U LOAD]
///       [--nodaemon] --lvs --report-fd 3 [--log-socket PATH]
/// ```
///
/// Piranha also passed `--nodaemon` to every nanny of a service with a sorry server, because it
/// scraped their output to find out who was up; reports make that unnecessary here.
public struct NannyLaunch: Hashable, Sendable {
    /// The program (`client_monitor`, or the suite's nanny).
    public var executable: String
    /// Its arguments, without `argv[0]`.
    public var arguments: [String]
    /// The full weight it is told (`-w`).
    public var weight: Int
    /// Whether it is the suite's nanny (no `client_monitor`), which lvsd may fork from its fork
    /// server instead of starting it with `exec`.
    public var isSuiteNanny: Bool

    /// The launch for `server` of `service` under `configuration`.
    public init(
        server: DesiredRealServer, of service: DesiredService, configuration: LVSConfig, settings: NannyLaunchSettings
    ) {
        let block = service.block
        let check = block.check
        executable = check.clientMonitor ?? settings.defaultExecutable
        isSuiteNanny = check.clientMonitor == nil
        weight = server.weight
        var arguments = [
            "-c", "-h", server.identity.address.description, "-p", "\(block.port)",
            "-r", "\(server.identity.port)",
        ]
        if let mark = block.firewallMark { arguments += ["-f", "\(mark)"] }
        if block.transportProtocol == .udp { arguments.append("-u") }
        if let program = check.sendProgram { arguments += ["-e", program] }
        if let send = check.send { arguments += ["-s", send] }
        if let expect = check.expect { arguments += ["-x", expect] }
        if check.quiesceServer { arguments.append("-q") }
        if check.useRegex { arguments.append("--regex") }
        if settings.verbose { arguments.append("-v") }
        arguments += [
            "-a", Self.seconds(check.reentry), "-I", configuration.ipvsadmPath,
            "-t", Self.seconds(check.timeout), "-w", "\(server.weight)",
        ]
        if let vip = block.vip { arguments += ["-V", vip.address.description] }
        arguments += ["-M", Self.methodLetter(configuration.network)]
        if let load = check.loadMonitor { arguments += ["-U", load == "uptime" ? configuration.rshCommand : load] }
        arguments += check.nannyExtensionArguments
        if settings.foreground { arguments.append("--nodaemon") }
        arguments += ["--lvs", "--report-fd", "\(settings.reportDescriptor)"]
        if let socket = settings.logSocket { arguments += ["--log-socket", socket] }
        self.arguments = arguments
    }

    /// What decides how the server is checked: the program and its arguments without those lvsd
    /// applies itself or nanny only accepts for compatibility (`-w`, `-q`, `-M`, `-I`). A reload
    /// restarts a nanny only when this changes.
    public var checkIdentity: [String] {
        var identity = [executable]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if ["-w", "-M", "-I"].contains(argument) {
                index += 2
                continue
            }
            if argument != "-q" { identity.append(argument) }
            index += 1
        }
        return identity
    }

    /// `executable arguments…`, for log lines.
    public var commandLine: String { ([executable] + arguments).joined(separator: " ") }

    /// `-M`: `m` for NAT, `g` for direct routing, `i` for tunnelling.
    static func methodLetter(_ method: LVSConfig.ForwardingMethod) -> String {
        switch method {
        case .nat: "m"
        case .direct: "g"
        case .tunnel: "i"
        }
    }

    /// Whole seconds as an integer (`10`), fractions with up to nine decimals (`0.5`).
    static func seconds(_ duration: Duration) -> String {
        duration.secondsText(maximumDecimals: 9)
    }
}
