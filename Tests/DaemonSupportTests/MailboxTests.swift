import DaemonSupport
import Foundation
import Glibc
import Synchronization
import Testing

/// Messages between threads: a loop on a thread of its own (``LoopThread``) answers what another
/// loop posts, every message arrives once and in order, and a closed mailbox takes nothing.
@Suite struct MailboxTests {
    @Test func aLoopOnItsOwnThreadAnswersEveryMessageInOrder() throws {
        let requests = try Mailbox<Int>(name: "requests")
        let answers = try Mailbox<(Int, Bool)>(name: "answers")
        let callerThread = pthread_self()
        let thread = try LoopThread(name: "test-loop", realtime: false) { loop in
            requests.deliver(on: loop) { batch in
                for n in batch {
                    if n < 0 { return loop.stop() }
                    answers.post((n * 2, pthread_equal(pthread_self(), callerThread) != 0))
                }
            }
        }
        #expect(thread.name == "test-loop")
        let loop = EventLoop()
        var received: [Int] = []
        var onCaller = 0
        answers.deliver(on: loop) { batch in
            for (n, sameThread) in batch {
                received.append(n)
                if sameThread { onCaller += 1 }
            }
            if received.count == 1_000 { loop.stop() }
        }
        // From several threads at once: the answers carry each sender's numbers in its order.
        let senders = (0..<4).map { part in
            Thread { for n in stride(from: part + 1, through: 1_000, by: 4) { requests.post(n) } }
        }
        for sender in senders { sender.start() }
        loop.schedule(after: .seconds(10)) { loop.stop() }
        try loop.run()
        requests.post(-1)
        #expect(received.count == 1_000)
        #expect(Set(received) == Set((1...1_000).map { $0 * 2 }))
        for part in 0..<4 {
            let mine = received.filter { ($0 / 2 - 1) % 4 == part }
            #expect(mine == mine.sorted(), "sender \(part)'s messages out of order")
        }
        #expect(onCaller == 0, "answered on the caller's thread")
    }

    @Test func aClosedMailboxRefusesMessagesAndDropsTheWaitingOnes() throws {
        let mailbox = try Mailbox<String>(name: "test")
        #expect(mailbox.post("one"))
        #expect(mailbox.count == 1)
        mailbox.close()
        #expect(!mailbox.post("two"))
        #expect(mailbox.take().isEmpty)
    }
}
