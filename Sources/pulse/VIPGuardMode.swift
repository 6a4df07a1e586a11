import ArgumentParser
import DaemonSupport
import Glibc
import Interfaces
import Logging
import Pulse

/// `pulse --vip-guard`: the VIP guard pulse starts beside itself (``VIPGuard``), on the VIPs named
/// on its command line, reading pulse's signs of life on standard input.
struct VIPGuardMode {
    let command: PulseCommand

    func run() throws {
        do {
            try command.bootstrap.blockSignals([.hangup, .terminate, .interrupt, .child])
        } catch {
            Console.error("pulse: VIP guard: \(error)")
            throw ExitCode(1)
        }
        command.bootstrapLogging()
        let logger = Logger(label: "pulse-vip-guard")
        var addresses: [VirtualAddress] = []
        for argument in command.guardAddresses {
            do {
                addresses.append(try VIPGuardAddress.parse(argument))
            } catch {
                Console.error("pulse: \(error)")
                throw ExitCode(2)
            }
        }
        if !command.noRealtime, let problem = RealtimeScheduling.enterRealtime() {
            logger.warning("VIP guard: running without real-time scheduling: \(problem)")
        }
        do {
            let loop = EventLoop()
            let guardian = VIPGuard(
                addresses: addresses, limit: .milliseconds(command.guardLimitMilliseconds ?? 1000),
                input: .standardInput, holder: VIPHolder(routeSocket: try RouteNetlinkSocket()), loop: loop,
                logger: logger)
            try guardian.run()
        } catch {
            logger.critical("VIP guard: \(error)")
            throw ExitCode(1)
        }
    }
}
