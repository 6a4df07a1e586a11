import Control
import DaemonSupport
import Dispatch
import Glibc
import Logging
import Synchronization

/// A value filled in by another thread.
final class Outcome<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)
    func set(_ value: Value) { storage.withLock { $0 = value } }
    var value: Value? { storage.withLock { $0 } }
}

/// Runs `body` on another thread (the blocking client), while the caller drives the server's loop.
func inBackground<Value: Sendable>(_ body: @escaping @Sendable () -> Value) -> Outcome<Value> {
    let outcome = Outcome<Value>()
    DispatchQueue.global().async { outcome.set(body()) }
    return outcome
}

/// Runs `loop` until `condition` holds or `timeout` passes.
@discardableResult
func run(_ loop: EventLoop, until condition: () -> Bool, timeout: Duration = .seconds(5)) -> Bool {
    let deadline = ContinuousClock.now + timeout
    let wake = loop.scheduleRepeating(every: .milliseconds(10)) {}
    defer { loop.cancel(wake) }
    while !condition() && ContinuousClock.now < deadline {
        _ = try? loop.runOnce()
    }
    return condition()
}

/// A fresh directory under /tmp for a socket; `remove()` deletes it (and the run dir under it).
struct SocketDirectory {
    let path: String

    init() {
        var template = Array("/tmp/lvs-control-test-XXXXXX".utf8CString)
        _ = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var socketPath: String { "\(path)/run/lvsd.sock" }

    func remove() {
        unlink(socketPath)
        unlink("\(path)/run/not-a-socket")
        rmdir("\(path)/run")
        rmdir(path)
    }
}

let sampleStatus = LVSDStatus(services: [
    VirtualServiceStatus(
        name: "web", protocolName: "tcp", address: "10.0.0.100", port: 80, scheduler: "wlc",
        realServers: [
            RealServerStatus(
                name: "web1", address: "10.0.1.10", port: 80, health: .up, since: 1_700_000_000, weight: 8,
                configuredWeight: 10,
                lastCheck: .init(passed: true, detail: "10.0.1.10:80 replied \"HTTP/1.1 200\"", at: 1_700_000_100)),
            RealServerStatus(
                name: "web2", address: "10.0.1.11", port: 80, health: .down, since: 1_700_000_050, weight: 0,
                configuredWeight: 10, drainedByHand: true, override: .forcedDown),
        ])
])

/// A small lvsd stand-in: answers status with `sampleStatus`, drain/enable with a message.
func sampleLVSDHandler() -> ControlServer.LineHandler {
    ControlServer.lvsdHandler { request, _ in
        switch request {
        case .status: .success(sampleStatus)
        case .drain(let target): .done("\(target) drained")
        case .enable(let target): .failure("enable: no real server \(target) is drained")
        case .reload: .done("reloaded")
        }
    }
}

let testLogger = Logger(label: "control-test")
