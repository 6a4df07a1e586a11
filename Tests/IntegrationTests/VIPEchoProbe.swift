#if canImport(Glibc)
import Glibc
#endif
import Addressing
import DaemonSupport
import Foundation
import LVSTestKit
import VRRP

/// A client pinging the VIP every 10 ms from inside its namespace (an ICMP raw socket made there),
/// on a thread of its own: whether the VIP answers, and after a director left, when the VIP went
/// unanswered and when it answered again. Whoever holds the VIP answers (the kernel, no server
/// needed).
final class VIPEchoProbe: @unchecked Sendable {
    private let socket: Socket
    private let target: IPAddress
    private let identifier = UInt16(truncatingIfNeeded: getpid())
    private let lock = NSLock()
    /// Every request: when it was sent and when answered.
    private var requests: [(sequence: UInt16, sent: ContinuousClock.Instant, answered: ContinuousClock.Instant?)] = []
    private var running = true
    private var thread: Thread?

    /// Starts pinging `vip` from `namespace`; at most `limit` of probing.
    init(from namespace: NetworkNamespace, to vip: String, limit: Duration = .seconds(60)) throws {
        target = IPAddress(vip)!
        socket = try inside(namespace) {
            try Socket(family: AF_INET, .raw, protocol: CInt(IPPROTO_ICMP), nonBlocking: true)
        }
        let end = ContinuousClock.now + limit
        let thread = Thread { [self] in
            var sequence: UInt16 = 0
            while isRunning, ContinuousClock.now < end {
                sequence &+= 1
                send(sequence)
                let due = ContinuousClock.now + .milliseconds(10)
                while ContinuousClock.now < due {
                    receive()
                    usleep(500)
                }
            }
        }
        self.thread = thread
        thread.start()
    }

    deinit { socket.closeQuietly() }

    private var isRunning: Bool { lock.withLock { running } }

    func stop() {
        lock.withLock { running = false }
        usleep(30_000)
    }

    /// After `moment`: when the first request that went unanswered was sent (requests still in
    /// flight, sent in the last 100 ms, do not count), and when the first request sent after it
    /// was answered. nil until both happened. A director that leaves keeps answering what reached
    /// it before; the outage begins with the first request nobody answered.
    func outage(after moment: ContinuousClock.Instant) -> (
        began: ContinuousClock.Instant, ended: ContinuousClock.Instant
    )? {
        let settled = ContinuousClock.now - .milliseconds(100)
        return lock.withLock {
            let after = requests.filter { $0.sent >= moment }
            guard let lost = after.first(where: { $0.answered == nil && $0.sent < settled }) else { return nil }
            guard let back = after.first(where: { $0.sent > lost.sent && $0.answered != nil }) else { return nil }
            return (lost.sent, back.answered!)
        }
    }

    /// Requests sent after `moment` (and more than 100 ms ago) that went unanswered, and all sent.
    func unanswered(after moment: ContinuousClock.Instant) -> (lost: Int, sent: Int) {
        let settled = ContinuousClock.now - .milliseconds(100)
        return lock.withLock {
            let after = requests.filter { $0.sent >= moment && $0.sent < settled }
            return (after.filter { $0.answered == nil }.count, after.count)
        }
    }

    /// Whether a request sent in the last `window` was answered.
    func answering(within window: Duration = .milliseconds(200)) -> Bool {
        let since = ContinuousClock.now - window
        return lock.withLock { requests.contains { $0.sent >= since && $0.answered != nil } }
    }

    private func send(_ sequence: UInt16) {
        var packet: [UInt8] = [8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF)]
        packet += [UInt8(sequence >> 8), UInt8(sequence & 0xFF)] + Array(repeating: 0x5A, count: 8)
        let sum = VRRPPacketCodec.internetChecksum(packet)
        packet[2] = UInt8(sum >> 8)
        packet[3] = UInt8(sum & 0xFF)
        lock.withLock { requests.append((sequence, .now, nil)) }
        _ = try? socket.send(packet, to: SocketAddress(address: target, port: 0))
    }

    private func receive() {
        while let (bytes, _) = (try? socket.receive(upTo: 256)) ?? nil {
            let now = ContinuousClock.now
            guard bytes.count >= 28 else { continue }
            let header = Int(bytes[0] & 0x0F) * 4
            guard bytes.count >= header + 8, bytes[header] == 0 else { continue }
            let id = UInt16(bytes[header + 4]) << 8 | UInt16(bytes[header + 5])
            let sequence = UInt16(bytes[header + 6]) << 8 | UInt16(bytes[header + 7])
            guard id == identifier else { continue }
            lock.withLock {
                // Recent requests are at the end.
                if let index = requests.lastIndex(where: { $0.sequence == sequence && $0.answered == nil }) {
                    requests[index].answered = now
                }
            }
        }
    }
}
