import Heartbeat
import Interfaces

extension PulseNode {
    /// How often links are polled for `monitor_links`: every keepalive, at most every half second.
    var linkPollInterval: Duration { min(settings.keepalive, .milliseconds(500)) }

    /// With `monitor_links`, watches the interfaces that carry this director's heartbeat addresses
    /// (found, and then polled, over rtnetlink on the address worker).
    func startLinkWatch() {
        guard settings.monitorLinks else { return }
        let addresses = settings.boundAddresses
        addressWorker.submit({ holder in
            addresses.map { address in
                Result { () throws(InterfaceError) -> String? in try holder.interface(holding: address) }
            }
        }) { [unowned self] found in
            var links: [String] = []
            for (address, result) in zip(addresses, found) {
                switch result {
                case .success(let name?): if !links.contains(name) { links.append(name) }
                case .success(nil): logger.warning("monitor_links: no interface holds \(address); its link is not watched")
                case .failure(let error): logger.error("monitor_links: \(error)")
                }
            }
            guard settings.monitorLinks, !links.isEmpty, linkWatch == nil, !exiting else { return }
            linkWatch = LinkWatch(links: links)
            logger.info("monitor_links: watching \(links.joined(separator: ", "))")
            pollLinks()
            linkTimer = loop.scheduleRepeating(every: linkPollInterval) { [unowned self] in pollLinks() }
        }
    }

    /// Watches the links afresh (after a reload changed `monitor_links`).
    func restartLinkWatch() {
        if let linkTimer { loop.cancel(linkTimer) }
        linkTimer = nil
        linkWatch = nil
        startLinkWatch()
    }

    /// Reads the watched links' states on the address worker (one poll at a time) and feeds the
    /// changes to the machine.
    private func pollLinks() {
        guard let names = linkWatch?.links, !linkPollInFlight else { return }
        linkPollInFlight = true
        addressWorker.submit({ holder in
            names.map { name in
                Result { () throws(InterfaceError) -> LinkStatus in try holder.link(named: name) }
            }
        }) { [unowned self] states in
            linkPollInFlight = false
            guard var watch = linkWatch else { return }
            var events: [FailoverEvent] = []
            for (name, state) in zip(names, states) {
                let operational: Bool
                switch state {
                case .success(let link):
                    operational = link.isOperational
                    if !operational, !watch.downLinks.contains(name) { logger.warning("link \(link)") }
                case .failure(let error):
                    // A vanished interface is a dead link.
                    operational = false
                    if !watch.downLinks.contains(name) { logger.warning("monitor_links: \(error)") }
                }
                if let event = watch.update(name, isOperational: operational) { events.append(event) }
            }
            linkWatch = watch
            for event in events { dispatch(event) }
        }
    }
}
