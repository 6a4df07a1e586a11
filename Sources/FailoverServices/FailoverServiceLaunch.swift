import LVSConfig
import Units

/// How the fos daemon runs one `failover` block: its `start_cmd` and `stop_cmd` as program and
/// arguments (no shell, as Piranha ran them), and the nanny `--fos` that watches the service on
/// this director. Pure; two launches that are equal run the same service the same way, so a
/// reload leaves such a service alone.
public struct FailoverServiceLaunch: Hashable, Sendable {
    /// The block's name.
    public var name: String
    /// `start_cmd`, split on blanks.
    public var start: [String]
    /// `stop_cmd`, split on blanks.
    public var stop: [String]
    /// The watching nanny: the program and its arguments.
    public var watch: [String]

    /// The launch of `service` (an active block with an address and both commands: what
    /// ``launches(of:settings:)`` keeps).
    init(_ service: FailoverService, address: String, start: [String], stop: [String], settings: Settings) {
        name = service.name
        self.start = start
        self.stop = stop
        let check = service.check
        var arguments = ["--fos", "-h", address, "-p", "\(service.port)"]
        if let program = check.sendProgram { arguments += ["-e", program] }
        if let send = check.send { arguments += ["-s", send] }
        if let expect = check.expect { arguments += ["-x", expect] }
        if check.useRegex { arguments.append("--regex") }
        if settings.verbose { arguments.append("-v") }
        arguments += [
            "-a", check.reentry.secondsText(maximumDecimals: 9), "-t", check.timeout.secondsText(maximumDecimals: 9),
        ]
        arguments += check.nannyExtensionArguments
        if settings.foreground { arguments.append("--nodaemon") }
        if let socket = settings.logSocket { arguments += ["--log-socket", socket] }
        watch = [settings.nanny] + arguments
    }

    /// What the launches depend on beyond lvs.cf.
    public struct Settings: Hashable, Sendable {
        /// The nanny program.
        public var nanny: String
        /// `-v` for the nannies.
        public var verbose: Bool
        /// The nannies log to standard error too (fos runs in the foreground with `--nodaemon`).
        public var foreground: Bool
        /// The syslog socket when it is not `/dev/log`.
        public var logSocket: String?

        /// Settings.
        public init(nanny: String, verbose: Bool, foreground: Bool, logSocket: String?) {
            self.nanny = nanny
            self.verbose = verbose
            self.foreground = foreground
            self.logSocket = logSocket
        }
    }

    /// The launches of `config`'s active failover services, in file order; throws, naming the
    /// block, for one the fos daemon cannot run (check-config reports the same as errors).
    public static func launches(
        of config: LVSConfig, settings: Settings
    ) throws(FailoverServiceLaunchError) -> [FailoverServiceLaunch] {
        var launches: [FailoverServiceLaunch] = []
        for service in config.failoverServices where service.active {
            func refuse(_ why: String) -> FailoverServiceLaunchError {
                FailoverServiceLaunchError("failover '\(service.name)': \(why)")
            }
            guard let vip = service.vip else { throw refuse("no address (expected 'address = IP DEVICE')") }
            guard let start = CommandWords.split(service.startCommand) else { throw refuse("no start_cmd") }
            guard let stop = CommandWords.split(service.stopCommand) else { throw refuse("no stop_cmd") }
            launches.append(
                FailoverServiceLaunch(
                    service, address: vip.address.description, start: start, stop: stop, settings: settings))
        }
        guard !launches.isEmpty else {
            throw FailoverServiceLaunchError("no active failover service (set active = 1 in a failover block)")
        }
        return launches
    }
}

/// lvs.cf has a failover service the fos daemon cannot run.
public struct FailoverServiceLaunchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the block.
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
