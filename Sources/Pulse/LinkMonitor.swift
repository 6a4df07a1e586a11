import Addressing
import Heartbeat
import Interfaces
import Logging

/// `monitor_links`, as pure decisions: which links to watch (the interfaces that carry this
/// director's heartbeat addresses), when to read their states (every keepalive, at most every
/// half second, one read at a time), and what the states mean for the failover machine
/// (``LinkWatch``) and the log. pulse finds and reads the links over rtnetlink on its address
/// worker and passes in what it saw.
public struct LinkMonitor: Sendable {
    /// What to do, in order.
    public enum Action: Hashable, Sendable {
        /// Find the interfaces holding these addresses, then report ``discovered(_:settings:stopping:)``.
        case discover([IPAddress])
        /// Call ``pollDue()`` at this interval from now on.
        case startPolling(every: Duration)
        /// Stop calling ``pollDue()``.
        case stopPolling
        /// Read these links' states, then report ``polled(_:)``.
        case poll([String])
        /// Write a line to the log.
        case log(Logger.Level, String)
        /// Tell the state machine.
        case report(FailoverEvent)
    }

    /// The links watched, once found.
    public private(set) var watch: LinkWatch?
    /// Whether ``pollDue()`` is being called.
    public private(set) var isPolling = false
    private var pollInFlight = false

    /// Nothing watched yet.
    public init() {}

    /// How often the links are read: every keepalive, at most every half second.
    public static func pollInterval(keepalive: Duration) -> Duration { min(keepalive, .milliseconds(500)) }

    /// Starts, when `settings` turn `monitor_links` on, by finding the links.
    public func start(_ settings: PulseSettings) -> [Action] {
        settings.monitorLinks ? [.discover(settings.boundAddresses)] : []
    }

    /// The interfaces holding the addresses, as found: watches them (each once) and reads them at
    /// once, unless `monitor_links` was turned off meanwhile (`settings`: those in force now),
    /// they are watched already, none was found, or pulse is `stopping`.
    public mutating func discovered(
        _ found: [(address: IPAddress, interface: Result<String?, InterfaceError>)], settings: PulseSettings,
        stopping: Bool
    ) -> [Action] {
        var links: [String] = []
        var actions: [Action] = []
        for (address, result) in found {
            switch result {
            case .success(let name?): if !links.contains(name) { links.append(name) }
            case .success(nil):
                actions.append(.log(.warning, "monitor_links: no interface holds \(address); its link is not watched"))
            case .failure(let error): actions.append(.log(.error, "monitor_links: \(error)"))
            }
        }
        guard settings.monitorLinks, !links.isEmpty, watch == nil, !stopping else { return actions }
        watch = LinkWatch(links: links)
        actions.append(.log(.info, "monitor_links: watching \(links.joined(separator: ", "))"))
        actions += pollDue()
        isPolling = true
        return actions + [.startPolling(every: Self.pollInterval(keepalive: settings.keepalive))]
    }

    /// Time to read the links: unless a read is still under way.
    public mutating func pollDue() -> [Action] {
        guard let links = watch?.links, !pollInFlight else { return [] }
        pollInFlight = true
        return [.poll(links)]
    }

    /// The links' states as read: a link newly seen down is logged (a link that cannot be read,
    /// e.g. a vanished interface, counts as down), and every change goes to the machine.
    public mutating func polled(_ states: [(link: String, state: Result<LinkStatus, InterfaceError>)]) -> [Action] {
        pollInFlight = false
        guard var watch else { return [] }
        var logs: [Action] = []
        var events: [Action] = []
        for (name, state) in states {
            let operational: Bool
            switch state {
            case .success(let link):
                operational = link.isOperational
                if !operational, !watch.downLinks.contains(name) { logs.append(.log(.warning, "link \(link)")) }
            case .failure(let error):
                operational = false
                if !watch.downLinks.contains(name) { logs.append(.log(.warning, "monitor_links: \(error)")) }
            }
            if let event = watch.update(name, isOperational: operational) { events.append(.report(event)) }
        }
        self.watch = watch
        return logs + events
    }

    /// Watches afresh (a reload changed `monitor_links`): what was watched is forgotten.
    public mutating func restart(_ settings: PulseSettings) -> [Action] {
        let stop: [Action] = isPolling ? [.stopPolling] : []
        isPolling = false
        watch = nil
        return stop + start(settings)
    }

    /// pulse is stopping: no more reads.
    public mutating func stop() -> [Action] {
        defer { isPolling = false }
        return isPolling ? [.stopPolling] : []
    }
}
