// lvs-daemon-probe: a minimal daemon for DaemonSupport's tests (and a reference for lvsd and
// pulse): daemonize, take a pidfile, report readiness to the waiting launcher, run until SIGTERM.
//
//   lvs-daemon-probe PIDFILE [--contend]
//       prints the daemon's PID and exits 0 once it runs; exits 1 with the reason when it cannot
//       start. With --contend the daemon first has two threads wait for the same Swift one-time
//       initialisation, the pattern that froze a forked daemon (see Daemonizer).
import DaemonSupport
import Glibc

/// Slow to make, so that a second thread asks for it while the first is still making it.
final class SlowToMake: Sendable {
    init() { usleep(300_000) }
}

/// Lazily made through `swift_once`, the runtime's priority-inheritance lock.
enum OneTime {
    /// Taken by the main thread before it daemonizes: the runtime caches the thread's ID then.
    static let early = SlowToMake()
    /// Made by the main thread while another thread waits for it.
    static let contended = SlowToMake()
}

func fail(_ text: String) -> Never {
    try? FileDescriptor.standardError.writeAll(Array("lvs-daemon-probe: \(text)\n".utf8))
    exit(1)
}

/// The main thread makes `OneTime.contended` while a second thread, started just before, waits for it.
func contendForOneTimeInitialisation() {
    var thread = pthread_t()
    let started = pthread_create(
        &thread, nil,
        { _ in
            usleep(50_000)
            _ = OneTime.contended
            return nil
        }, nil)
    guard started == 0 else { fail("pthread_create: \(started)") }
    _ = OneTime.contended
    pthread_join(thread, nil)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard (1...2).contains(arguments.count), arguments.count == 1 || arguments[1] == "--contend" else {
    try? FileDescriptor.standardError.writeAll(Array("usage: lvs-daemon-probe PIDFILE [--contend]\n".utf8))
    exit(2)
}
let pidfilePath = arguments[0]
let contend = arguments.count == 2

do {
    try SignalSet([.terminate]).block()
} catch {
    fail("\(error)")
}
_ = OneTime.early

let side: Daemonizer.Side
do {
    side = try Daemonizer.detach()
} catch {
    fail("\(error)")
}

switch side {
case .parent(let launcher):
    switch launcher.waitForDaemon() {
    case .ready:
        try? FileDescriptor.standardOutput.writeAll(Array("\(launcher.pid)\n".utf8))
        exit(0)
    case .failed(let reason):
        fail(reason)
    case .exited(let status):
        fail("the daemon \(status) without reporting")
    case .silent:
        fail("the daemon closed its report descriptor without reporting")
    }
case .daemon(let readiness):
    if contend { contendForOneTimeInitialisation() }
    let pidfile: Pidfile
    do {
        pidfile = try Pidfile.acquire(path: pidfilePath, program: "lvs-daemon-probe")
    } catch {
        readiness.failed("\(error)")
        exit(1)
    }
    let loop = EventLoop()
    do {
        try loop.handle(.terminate) { _ in loop.stop() }
    } catch {
        readiness.failed("\(error)")
        exit(1)
    }
    readiness.ready()
    try? loop.run()
    pidfile.release()
    exit(0)
}
