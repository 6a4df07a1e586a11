import ArgumentParser
import Control

/// Where the daemons' control sockets are, and how long to wait for an answer.
struct DaemonOptions: ParsableArguments {
    @Option(name: .customLong("pulse-socket"), help: ArgumentHelp("pulse's control socket.", valueName: "PATH"))
    var pulseSocket = ControlClient.pulsePath

    @Option(name: .customLong("lvsd-socket"), help: ArgumentHelp("lvsd's control socket.", valueName: "PATH"))
    var lvsdSocket = ControlClient.lvsdPath

    @Option(
        name: .customLong("timeout"), help: ArgumentHelp("Seconds to wait for a daemon's answer.", valueName: "SECONDS")
    )
    var timeout: Double = 5

    func validate() throws {
        guard timeout > 0, timeout <= 600 else {
            throw ValidationError("--timeout must be more than 0 and at most 600 seconds")
        }
    }

    var pulse: ControlClient {
        ControlClient(path: pulseSocket, daemon: "pulse", timeout: .milliseconds(Int64(timeout * 1000)))
    }

    var lvsd: ControlClient {
        ControlClient(path: lvsdSocket, daemon: "lvsd", timeout: .milliseconds(Int64(timeout * 1000)))
    }
}

/// Sends one request and turns a failure into one line on standard error and exit status 1.
enum Exchange {
    static func pulse(_ options: DaemonOptions, _ request: PulseRequest) throws -> ControlResponse<PulseStatus> {
        do {
            return try options.pulse.send(request)
        } catch {
            Output.error("lvsctl: \(error)")
            throw ExitCode(1)
        }
    }

    static func lvsd(_ options: DaemonOptions, _ request: LVSDRequest) throws -> ControlResponse<LVSDStatus> {
        do {
            return try options.lvsd.send(request)
        } catch {
            Output.error("lvsctl: \(error)\(hint(for: error, options))")
            throw ExitCode(1)
        }
    }

    /// When lvsd is not there because this director is inactive, says where the services run.
    static func hint(for error: ControlClientError, _ options: DaemonOptions) -> String {
        switch error {
        case .notRunning, .staleSocket:
            guard let status = try? options.pulse.send(PulseRequest.status).result, status.state == .inactive else {
                return ""
            }
            let peer = status.peerAddress.map { "the peer \($0)" } ?? "the peer"
            return
                "; this director is inactive: run the command on the active director (\(peer) is \(status.peerState.rawValue))"
        default:
            return ""
        }
    }
}
