import Addressing
import ArgumentParser
import DaemonSupport
import Heartbeat
import Interfaces
import LVSConfig
import Logging
import Pulse

/// pulse's start-up, in two halves around daemonizing: what can fail on the admin's terminal
/// (configuration, role, key, sockets) before, the loop and the pidfile after.
enum PulseStartup {
    /// What the first half produced.
    struct Prepared {
        var settings: PulseSettings
        var key: HeartbeatKey?
        var sockets: [HeartbeatPath: HeartbeatSocket]
        var vrrpSocket: VRRPSocket?
    }

    /// Reads lvs.cf, finds this director's role, reads the key and binds the heartbeat sockets.
    /// Problems go to standard error (and the log), and end the process with status 1.
    static func prepare(_ options: PulseOptions, logger: Logger) throws -> Prepared {
        func fail(_ lines: [String]) -> ExitCode {
            for line in lines {
                if !options.foreground { logger.critical("\(line)") }
                Console.error(options.foreground ? line : "pulse: \(line)")
            }
            return ExitCode(1)
        }
        let loaded: PulseConfigLoader.Loaded
        do {
            loaded = try PulseConfigLoader.load(options.configPath)
        } catch {
            throw fail(error.lines + ["pulse: not starting: \(options.configPath) cannot be used"])
        }
        for warning in loaded.warnings { logger.warning("\(warning)") }
        let settings: PulseSettings
        do {
            let routes = try RouteNetlinkSocket()
            let isLocal = { (address: IPAddress) throws -> Bool in try routes.interface(holding: address) != nil }
            if loaded.config.cluster.isActiveActive {
                let own = try ClusterMembership.ownAddress(in: loaded.config, holding: isLocal)
                settings = try PulseSettings(config: loaded.config, role: .primary, clusterAddress: own)
            } else {
                settings = try PulseSettings(
                    config: loaded.config, role: PulseSettings.role(in: loaded.config, holding: isLocal))
            }
        } catch {
            throw fail(["\(options.configPath): \(error)"])
        }
        for note in settings.notes { logger.warning("\(note)") }
        // Also on the terminal of whoever starts the daemon (the init script's `start`): the log
        // is where an admin looks only once something went wrong.
        if !options.foreground, loaded.config.hasUnauthenticatedHeartbeats {
            Console.error("pulse: hint: \(LVSConfig.authenticationHint)")
        }
        var key: HeartbeatKey?
        if let path = settings.keyFile {
            do {
                key = try HeartbeatKeyFile.read(path)
            } catch {
                throw fail(["\(error)"])
            }
        }
        if let vrrp = settings.vrrp {
            do {
                let socket = try VRRPSocket.open(for: settings.localAddress, multicast: vrrp.unicastPeers.isEmpty)
                return Prepared(settings: settings, key: nil, sockets: [:], vrrpSocket: socket)
            } catch {
                throw fail(["cannot open the VRRP socket: \(error)"])
            }
        }
        let sockets: [HeartbeatPath: HeartbeatSocket]
        do {
            sockets = try HeartbeatSocket.open(for: settings)
        } catch {
            throw fail(["cannot create heartbeat socket: \(error)"])
        }
        return Prepared(settings: settings, key: key, sockets: sockets)
    }

    /// Takes the pidfile, starts the node and runs its loop until it stops; returns the exit
    /// status. `report` says once whether start-up worked (`nil`) or why not.
    static func run(
        _ prepared: Prepared, options: PulseOptions, bootstrap: DaemonBootstrap, logger: Logger,
        report: (String?) -> Void
    ) -> Int32 {
        let pidfile: Pidfile
        do {
            pidfile = try bootstrap.acquirePidfile(in: options.runtimeDirectory)
        } catch {
            report("\(error)")
            return 1
        }
        defer { pidfile.release() }
        let loop = EventLoop()
        let node: PulseNode
        do {
            let reaper = try ChildReaper(loop: loop, logger: logger)
            // The address worker's own rtnetlink socket: it is used on that thread only.
            let holder = VIPHolder(routeSocket: try RouteNetlinkSocket())
            node = try PulseNode(
                settings: prepared.settings, options: options, key: prepared.key, sockets: prepared.sockets,
                vrrpSocket: prepared.vrrpSocket,
                holder: holder, syncDaemon: SyncDaemonSwitch(logger: logger), loop: loop, reaper: reaper,
                logger: logger)
            try node.start()
        } catch {
            report("\(error)")
            return 1
        }
        report(nil)
        do {
            try loop.run()
        } catch {
            logger.critical("event loop failed: \(error)")
            return 1
        }
        logger.notice("pulse stopped")
        return node.exitStatus
    }
}
