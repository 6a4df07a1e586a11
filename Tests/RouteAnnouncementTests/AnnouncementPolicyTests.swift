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

@Suite struct AnnouncementPolicyClusterTests {
    static let vip = IPAddress("192.0.2.10")!
    static func state(held: Set<IPAddress>? = nil, stopping: Bool = false) -> AnnouncementPolicy.DirectorState {
        AnnouncementPolicy.DirectorState(
            lvsdRunning: true, tableReady: true, drained: false,
            services: [vip: [AnnouncementPolicy.Service(name: "www", realServersUp: 2)]], held: held, stopping: stopping
        )
    }

    @Test func aVIPNotUpHereIsWithdrawn() {
        #expect(
            AnnouncementPolicy.decide(Self.state(held: []))[Self.vip] == .withdraw("the VIP is not up on this director")
        )
        #expect(AnnouncementPolicy.decide(Self.state(held: [Self.vip]))[Self.vip] == .announce)
    }

    @Test func stoppingWithdrawsEverythingFirst() {
        #expect(
            AnnouncementPolicy.decide(Self.state(held: [Self.vip], stopping: true))[Self.vip]
                == .withdraw("pulse is stopping"))
    }

    @Test func onlyChangesAreLogged() {
        let other = IPAddress("192.0.2.20")!
        let lines = AnnouncementPolicy.changes(
            from: [Self.vip: .announce, other: .withdraw("lvsd is not running")],
            to: [
                Self.vip: .withdraw("no real server is up (www)"),
                other: .withdraw("this director is drained by the admin"),
            ])
        #expect(
            lines == [
                "withdrawing 192.0.2.10 from the routers: no real server is up (www)",
                "192.0.2.20 stays withdrawn: this director is drained by the admin",
            ])
        #expect(AnnouncementPolicy.changes(from: [Self.vip: .announce], to: [Self.vip: .announce]) == [])
        #expect(
            AnnouncementPolicy.changes(from: [:], to: [Self.vip: .announce]) == ["announcing 192.0.2.10 to the routers"]
        )
        #expect(
            AnnouncementPolicy.changes(from: [Self.vip: .announce], to: [:]) == [
                "192.0.2.10 is no longer in lvs.cf: withdrawn"
            ])
    }
}
