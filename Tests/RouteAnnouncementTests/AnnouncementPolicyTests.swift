import Addressing
import Testing

@testable import RouteAnnouncement

@Suite struct AnnouncementPolicyTests {
    let web = IPAddress("192.0.2.10")!
    let mail = IPAddress("192.0.2.20")!

    func state(
        lvsd: Bool = true, ready: Bool = true, drained: Bool = false, webUp: Int = 2, mailUp: Int = 1
    ) -> AnnouncementPolicy.DirectorState {
        AnnouncementPolicy.DirectorState(
            lvsdRunning: lvsd, tableReady: ready, drained: drained,
            services: [
                web: [.init(name: "http", realServersUp: webUp), .init(name: "https", realServersUp: 0)],
                mail: [.init(name: "smtp", realServersUp: mailUp)],
            ])
    }

    @Test func servingDirectorAnnouncesEveryVIP() {
        #expect(AnnouncementPolicy.announced(state()) == [web, mail])
    }

    @Test func oneServiceUpIsEnoughForItsVIP() {
        #expect(AnnouncementPolicy.decide(state(webUp: 1))[web] == .announce)
    }

    @Test func aVIPWithoutARealServerUpIsWithdrawnAlone() {
        let decisions = AnnouncementPolicy.decide(state(mailUp: 0))
        #expect(decisions[mail] == .withdraw("no real server is up (smtp)"))
        #expect(decisions[web] == .announce)
    }

    @Test func lvsdTableAndDrainWithdrawEverything() {
        #expect(AnnouncementPolicy.announced(state(lvsd: false)).isEmpty)
        #expect(AnnouncementPolicy.decide(state(lvsd: false))[web] == .withdraw("lvsd is not running"))
        #expect(AnnouncementPolicy.announced(state(ready: false)).isEmpty)
        #expect(AnnouncementPolicy.announced(state(drained: true)).isEmpty)
        #expect(
            AnnouncementPolicy.decide(state(drained: true))[mail]
                == .withdraw("this director is drained by the admin"))
    }

    @Test func aVIPWithNoActiveServiceIsWithdrawn() {
        let s = AnnouncementPolicy.DirectorState(
            lvsdRunning: true, tableReady: true, drained: false, services: [web: []])
        #expect(AnnouncementPolicy.decide(s)[web] == .withdraw("no active virtual service"))
    }
}
