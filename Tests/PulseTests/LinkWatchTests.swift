import Heartbeat
import Pulse
import Testing

@Suite struct LinkWatchTests {
    @Test func changesBecomeEventsRepeatsDoNot() {
        var watch = LinkWatch(links: ["eth0", "eth1", "eth0"])
        #expect(watch.links == ["eth0", "eth1"])
        #expect(watch.update("eth0", isOperational: true) == nil)
        #expect(watch.update("eth1", isOperational: true) == nil)
        #expect(watch.update("eth1", isOperational: false) == .linkDown("eth1"))
        #expect(watch.update("eth1", isOperational: false) == nil)
        #expect(watch.downLinks == ["eth1"])
        #expect(watch.update("eth1", isOperational: true) == .linkUp("eth1"))
        #expect(watch.downLinks.isEmpty)
    }

    @Test func aLinkDownAtTheFirstLookIsReported() {
        var watch = LinkWatch(links: ["eth0"])
        #expect(watch.update("eth0", isOperational: false) == .linkDown("eth0"))
    }

    @Test func unwatchedLinksAreIgnored() {
        var watch = LinkWatch(links: ["eth0"])
        #expect(watch.update("eth9", isOperational: false) == nil)
        #expect(watch.downLinks.isEmpty)
    }
}
