import DaemonSupport
import Interfaces
import Logging

/// pulse's VIP guard: a small process of its own (`pulse --vip-guard`) that takes this director's
/// VIPs down when pulse can no longer do it and the partner is taking them over.
///
/// A process that holds a VIP and dies (kill -9, a crash) or freezes (SIGSTOP, starved, swapped
/// out) leaves the address on its interface while the partner, hearing no heartbeat, brings it up
/// too: both directors hold it. The guard reads pulse's signs of life, one byte per heartbeat sent,
/// on its standard input (a pipe whose other end only pulse's heartbeat thread holds). At end of
/// file (pulse is gone) it takes the VIPs down at once and exits; when the silence reaches its
/// limit (``VIPGuardWatch``, a little less than deadtime) it takes them down and keeps watching.
/// pulse, when it runs again, sees its own silence and lets go for good. SIGTERM ends the guard
/// without touching anything; pulse itself ends it with SIGKILL (at its stop, or to replace it
/// after a reload), which it cannot mistake for pulse's end.
public final class VIPGuard {
    private let addresses: [VirtualAddress]
    private var watch: VIPGuardWatch
    private let input: FileDescriptor
    private let holder: VIPHolder
    private let loop: EventLoop
    private let logger: Logger
    private var timer: EventLoop.TimerID?

    /// A guard of `addresses` reading `input`; nothing happens until ``run()``.
    public init(
        addresses: [VirtualAddress], limit: Duration, input: FileDescriptor, holder: VIPHolder, loop: EventLoop,
        logger: Logger
    ) {
        self.addresses = addresses
        watch = VIPGuardWatch(limit: limit, start: loop.now)
        self.input = input
        self.holder = holder
        self.loop = loop
        self.logger = logger
    }

    /// Watches until pulse is gone (after taking the VIPs down) or SIGTERM/SIGINT arrives.
    public func run() throws(SystemCallError) {
        try loop.handle(.terminate) { [unowned self] _ in loop.stop() }
        try loop.handle(.interrupt) { [unowned self] _ in loop.stop() }
        try input.setNonBlocking()
        loop.watch(input, for: .readable) { [unowned self] _ in readSignsOfLife() }
        schedule()
        try loop.run()
    }

    private func readSignsOfLife() {
        var got = false
        while true {
            let bytes: [UInt8]?
            do {
                bytes = try input.read(upTo: 256)
            } catch {
                // The pipe from pulse is unusable: as good as gone.
                logger.error("VIP guard: reading pulse's signs of life: \(error)")
                bytes = []
            }
            guard let bytes else { break }
            if bytes.isEmpty {
                // pulse is gone: its heartbeat thread held the only other end.
                takeDown(because: "pulse ended without letting go")
                loop.stop()
                return
            }
            got = true
        }
        if got {
            watch.alive(at: loop.now)
            schedule()
        }
    }

    private func schedule() {
        if let timer { loop.cancel(timer) }
        timer = watch.deadline.map { deadline in
            loop.schedule(at: deadline) { [unowned self] in
                timer = nil
                // A sign of life may wait unread (this process was late itself): read it first.
                readSignsOfLife()
                if let silence = watch.fence(at: loop.now) {
                    takeDown(
                        because:
                            "pulse sent no heartbeat for \(silence) (limit \(watch.limit)): it is stopped or starved")
                }
                schedule()
            }
        }
    }

    private func takeDown(because reason: String) {
        let outcome = holder.takeDown(addresses)
        if outcome.removed.isEmpty {
            logger.info("VIP guard: \(reason); no VIP was up")
        } else {
            let list = outcome.removed.map(\.description).joined(separator: ", ")
            logger.warning("VIP guard: \(reason): took down \(list), so that the partner alone holds them")
        }
        for failure in outcome.failures { logger.error("VIP guard: \(failure)") }
    }
}
