// lvs-daemon-probe: a minimal daemon for DaemonSupport's tests (and a reference for lvsd and
// pulse): daemonize, take a pidfile, report readiness to the waiting parent, run until SIGTERM.
//
//   lvs-daemon-probe PIDFILE     prints the daemon's PID and exits 0 once it runs;
//                                exits 1 with the reason when it cannot start.
import DaemonSupport
import Glibc

func fail(_ text: String) -> Never {
    try? FileDescriptor.standardError.writeAll(Array("lvs-daemon-probe: \(text)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 1, let pidfilePath = arguments.first else {
    try? FileDescriptor.standardError.writeAll(Array("usage: lvs-daemon-probe PIDFILE\n".utf8))
    exit(2)
}

do {
    try SignalSet([.terminate]).block()
} catch {
    fail("\(error)")
}

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
    case .vanished:
        fail("the daemon exited without reporting")
    }
case .daemon(let readiness):
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
