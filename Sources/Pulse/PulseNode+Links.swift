import Addressing
import Interfaces

extension PulseNode {
    /// With `monitor_links`, watches the interfaces that carry this director's heartbeat addresses
    /// (``LinkMonitor``).
    func startLinkWatch() { carryOut(links.start(settings)) }

    /// Watches the links afresh (after a reload changed `monitor_links`).
    func restartLinkWatch() { carryOut(links.restart(settings)) }

    /// Stops reading the links (pulse is stopping).
    func stopLinkWatch() { carryOut(links.stop()) }

    /// Finds and reads the links over rtnetlink on the address worker, in order with the VIP
    /// changes, and polls on the loop.
    private func carryOut(_ actions: [LinkMonitor.Action]) {
        for action in actions {
            switch action {
            case .discover(let addresses):
                addressWorker.submit({ holder in
                    addresses.map { address in
                        let interface = Result { () throws(InterfaceError) -> String? in
                            try holder.interface(holding: address)
                        }
                        return (address: address, interface: interface)
                    }
                }) { [unowned self] found in carryOut(links.discovered(found, settings: settings, stopping: exiting)) }
            case .startPolling(let interval):
                linkTimer = loop.scheduleRepeating(every: interval) { [unowned self] in carryOut(links.pollDue()) }
            case .stopPolling:
                if let linkTimer { loop.cancel(linkTimer) }
                linkTimer = nil
            case .poll(let names):
                addressWorker.submit({ holder in
                    names.map { name in
                        let state = Result { () throws(InterfaceError) -> LinkStatus in try holder.link(named: name) }
                        return (link: name, state: state)
                    }
                }) { [unowned self] states in carryOut(links.polled(states)) }
            case .log(let level, let message):
                logger.log(level: level, "\(message)")
            case .report(let event):
                dispatch(event)
            }
        }
    }
}
