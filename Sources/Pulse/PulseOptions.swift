import DaemonSupport

/// How pulse was started: its command line, as the node needs it.
public struct PulseOptions: Hashable, Sendable {
    /// lvs.cf (`-c`).
    public var configPath: String
    /// `-n/--nodaemon`: foreground, logs on standard error.
    public var foreground: Bool
    /// `-v`: debug messages, and `-v` for lvsd.
    public var verbose: Bool
    /// `false` with `-t/--test-start` or `--norun`: everything runs (heartbeats, VIPs, ARPs,
    /// commands) except lvsd, as in Piranha.
    public var startsLVSD: Bool
    /// `--forceactive`: activate at start without listening for the peer first.
    public var forceActive: Bool
    /// The lvsd binary (`--lvsd`).
    public var lvsdPath: String
    /// The fos binary (`--fos`), run instead of lvsd with `service = fos`.
    public var fosPath: String
    /// Where the control socket and the pidfile live (`/run/pulse`).
    public var runtimeDirectory: String
    /// The syslog socket when it is not `/dev/log` (passed on to lvsd).
    public var logSocket: String?
    /// lvsd's runtime directory when it is not its default (`--lvsd-runtime-directory`).
    public var lvsdRuntimeDirectory: String?
    /// How long lvsd gets to stop after SIGTERM before it is killed.
    public var lvsdStopTimeout: Duration
    /// How the VIP guard is started (``VIPGuard``); `nil` runs none (`--no-vip-guard`).
    public var vipGuard: VIPGuardLaunch?

    /// Options with Piranha's defaults.
    public init(
        configPath: String = "/etc/sysconfig/ha/lvs.cf", foreground: Bool = false, verbose: Bool = false,
        startsLVSD: Bool = true, forceActive: Bool = false, lvsdPath: String = "/usr/sbin/lvsd",
        runtimeDirectory: String = "/run/pulse", logSocket: String? = nil, lvsdRuntimeDirectory: String? = nil,
        lvsdStopTimeout: Duration = .seconds(5), vipGuard: VIPGuardLaunch? = nil, fosPath: String = "/usr/sbin/fos"
    ) {
        self.fosPath = fosPath
        self.configPath = configPath
        self.foreground = foreground
        self.verbose = verbose
        self.startsLVSD = startsLVSD
        self.forceActive = forceActive
        self.lvsdPath = lvsdPath
        self.runtimeDirectory = runtimeDirectory
        self.logSocket = logSocket
        self.lvsdRuntimeDirectory = lvsdRuntimeDirectory
        self.lvsdStopTimeout = lvsdStopTimeout
        self.vipGuard = vipGuard
    }

    /// The control socket (`/run/pulse/pulse.sock`).
    public var controlSocketPath: String { runtimeDirectory + "/pulse.sock" }
    /// The pidfile (`/run/pulse/pulse.pid`).
    public var pidfilePath: String { Pidfile.path(in: runtimeDirectory, program: "pulse") }

    /// How lvsd is started.
    public var lvsdLaunch: LVSDLaunch {
        LVSDLaunch(
            executable: lvsdPath, configPath: configPath, foreground: foreground, verbose: verbose,
            logSocket: logSocket, runtimeDirectory: lvsdRuntimeDirectory)
    }

    /// How the fos daemon is started (`service = fos`): as lvsd, without a runtime directory or
    /// a readiness pipe.
    public var fosLaunch: LVSDLaunch {
        var launch = LVSDLaunch(
            executable: fosPath, configPath: configPath, foreground: foreground, verbose: verbose, logSocket: logSocket)
        launch.program = "fos"
        return launch
    }
}
