import Heartbeat

extension PulseNode {
    /// How often links are polled for `monitor_links`: every keepalive, at most every half second.
    var linkPollInterval: Duration { min(settings.keepalive, .milliseconds(500)) }

    /// With `monitor_links`, watches the interfaces that carry this director's heartbeat addresses.
    func startLinkWatch() {
        guard settings.monitorLinks else { return }
        var links: [String] = []
        for address in settings.boundAddresses {
            do {
                if let name = try holder.interface(holding: address) {
                    links.append(name)
                } else {
                    logger.warning("monitor_links: no interface holds \(address); its link is not watched")
                }
            } catch {
                logger.error("monitor_links: \(error)")
            }
        }
        guard !links.isEmpty else { return }
        linkWatch = LinkWatch(links: links)
        logger.info("monitor_links: watching \(links.joined(separator: ", "))")
        pollLinks()
        linkTimer = loop.scheduleRepeating(every: linkPollInterval) { [unowned self] in pollLinks() }
    }

    private func pollLinks() {
        guard var watch = linkWatch else { return }
        var events: [FailoverEvent] = []
        for name in watch.links {
            let operational: Bool
            do {
                let link = try holder.link(named: name)
                operational = link.isOperational
                if !operational, !watch.downLinks.contains(name) { logger.warning("link \(link)") }
            } catch {
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

