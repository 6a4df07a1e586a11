import Addressing
import CheckVocabulary

/// nanny's command line: Piranha's flags (`-c -h -p -r -f -u -e -s -x -q -v -a -I -t -w -V -M -U`,
/// as Piranha's lvsd passed them, and `-S`), plus `--report-fd`, `--log-socket`, `--slow-start` and
/// `--load-period`.
///
/// lvsd builds one of these per real server and spawns nanny with ``commandLine``; nanny's
/// `main` gets it back with ``NannyCommandLine/parse(_:)``.
public struct NannyOptions: Equatable, Sendable {
    /// How lvsd forwards to the real server (`-M`); nanny only passes it along.
    public enum ForwardingMethod: String, Equatable, Sendable {
        /// NAT (`m`).
        case masquerading = "m"
        /// Direct routing (`g`).
        case gatewaying = "g"
        /// IP-IP tunnel (`i`).
        case tunneling = "i"
    }

    /// The real server (`-h`, required).
    public var server: IPAddress
    /// The virtual port (`-p`, default 80).
    public var port: UInt16 = 80
    /// The real port to check (`-r`); `nil` means ``port``.
    public var realPort: UInt16?
    /// Seconds between checks, also each check's timeout (`-t`, default 10; fractions allowed).
    public var interval: Duration = .seconds(10)
    /// How long a failed server must pass checks before it is up again (`-a`, default 180 s).
    public var reentry: Duration = .seconds(180)
    /// The configured weight (`-w`, default 1).
    public var weight: Int = 1
    /// Text to send once connected (`-s`).
    public var send: String?
    /// The reply's expected start, `*` for any reply, or a regex with ``regex`` (`-x`).
    public var expect: String?
    /// An external check program, `%h`/`%p` substituted (`-e`).
    public var sendProgram: String?
    /// ``expect`` is a POSIX extended regex (`--regex`).
    public var regex = false
    /// No backslash-escape translation in send/expect (`-T`).
    public var suppressEscapes = false
    /// UDP instead of TCP (`-u`).
    public var udp = false
    /// lvsd quiesces instead of removing (`-q`); nanny only passes it along.
    public var quiesce = false
    /// Debug logging (`-v`).
    public var verbose = false
    /// Log to standard error as well as syslog (`-n`).
    public var foreground = false
    /// The virtual address (`-V`), for log lines.
    public var virtualAddress: IPAddress?
    /// The firewall mark of the virtual service (`-f`), for log lines.
    public var firewallMark: UInt32?
    /// `-M`; accepted for compatibility.
    public var method: ForwardingMethod = .masquerading
    /// `-I`; accepted for compatibility (lvsd programs IPVS, nanny never runs ipvsadm).
    public var ipvsadmPath = "/sbin/ipvsadm"
    /// How to ask the server for its load (`-U`, default none); see ``LoadWeightPolicy``.
    public var loadMonitor: LoadMonitorCommand = .none
    /// The load-based weight's ceiling as a multiple of ``weight`` (`-S`, default 10).
    public var scale = 10
    /// How often the load is asked for while the server is up (`--load-period`, default 20 s).
    public var loadPeriod: Duration = .seconds(20)
    /// `--fos`: watch a failover service on this director instead of a real server for lvsd; the
    /// first failure (after ``riseFall``'s fall count) once it answered, or two in a row before it
    /// ever answered, ends nanny, which tells the fos daemon to fail over (``FailoverServiceWatch``).
    public var failoverService = false
    /// `-c`, `--test-start`, `--norun`, `--lvs`: accepted, no effect.
    public var compatibilityFlags: [String] = []
    /// The inherited socket to report to lvsd on (`--report-fd`); `nil`: check and log only.
    public var reportDescriptor: Int32?
    /// The syslog socket (`--log-socket`, default `/dev/log`).
    public var logSocket = "/dev/log"
    /// Slow-start doubling period (`--slow-start`, default 20 s; 0 turns it off).
    public var slowStartStep: Duration? = .seconds(20)
    /// The kind of check (`--check`); nil: implied by `-e` and `-u` as under Piranha.
    public var checkType: HealthCheckType?
    /// The HTTP, HTTPS, TLS, DNS and SMTP checks' settings (`--http-*`, `--tls-*`, `--dns-*`,
    /// `--smtp-helo`).
    public var protocolCheck = ProtocolCheckSettings()
    /// Consecutive results that change the server's state (`--rise`, `--fall`).
    public var riseFall = RiseFall()

    /// Options for checking `server`, everything else at its default.
    public init(server: IPAddress) {
        self.server = server
    }

    /// The port that is checked: ``realPort``, or ``port`` when it is not given.
    public var checkedPort: UInt16 { realPort ?? port }

    /// The kind of check that runs: ``checkType``, or the one `-e`/`-u` imply.
    public var effectiveCheckType: HealthCheckType {
        checkType ?? HealthCheckType.implied(sendProgram: sendProgram != nil, udp: udp)
    }

    /// The server as log lines show it (`10.0.1.10:80`).
    public var serverName: String { "\(server.bracketedDescription):\(checkedPort)" }

    /// The arguments (without `argv[0]`) that make nanny parse back to these options.
    public var commandLine: [String] {
        var arguments = ["-h", server.description, "-p", "\(port)"]
        if let realPort { arguments += ["-r", "\(realPort)"] }
        arguments += ["-t", Self.text(interval), "-a", Self.text(reentry), "-w", "\(weight)"]
        if let send { arguments += ["-s", send] }
        if let expect { arguments += ["-x", expect] }
        if let sendProgram { arguments += ["-e", sendProgram] }
        if regex { arguments.append("--regex") }
        if suppressEscapes { arguments.append("-T") }
        if udp { arguments.append("-u") }
        if quiesce { arguments.append("-q") }
        if verbose { arguments.append("-v") }
        if foreground { arguments.append("-n") }
        if let virtualAddress { arguments += ["-V", virtualAddress.description] }
        if let firewallMark { arguments += ["-f", "\(firewallMark)"] }
        arguments += ["-M", method.rawValue]
        if ipvsadmPath != "/sbin/ipvsadm" { arguments += ["-I", ipvsadmPath] }
        if loadMonitor != .none { arguments += ["-U", loadMonitor.description] }
        if scale != 10 { arguments += ["-S", "\(scale)"] }
        if loadPeriod != .seconds(20) { arguments += ["--load-period", Self.text(loadPeriod)] }
        arguments += compatibilityFlags
        if failoverService { arguments.append("--fos") }
        if let reportDescriptor { arguments += ["--report-fd", "\(reportDescriptor)"] }
        if logSocket != "/dev/log" { arguments += ["--log-socket", logSocket] }
        if slowStartStep != .seconds(20) { arguments += ["--slow-start", slowStartStep.map(Self.text) ?? "0"] }
        if let checkType { arguments += ["--check", checkType.rawValue] }
        arguments += protocolCheck.fields.flatMap { ["--\($0.field.rawValue)", $0.value] }
        if protocolCheck.tlsVerify == true { arguments.append("--tls-verify") }
        if let rise = riseFall.rise { arguments += ["--rise", "\(rise)"] }
        if riseFall.fall != 1 { arguments += ["--fall", "\(riseFall.fall)"] }
        return arguments
    }

    /// Seconds as the command line writes them: `10`, `0.5`.
    static func text(_ duration: Duration) -> String {
        String(NannyStateMachine.seconds(duration).dropLast(2))
    }
}
