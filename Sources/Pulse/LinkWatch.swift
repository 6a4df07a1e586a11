import Heartbeat

/// `monitor_links`: remembers whether each watched link (the interfaces carrying this director's
/// heartbeat addresses) can carry traffic, and turns changes into failover events. Pure: pulse
/// polls the links and passes in what it saw.
public struct LinkWatch: Sendable {
    /// The watched links.
    public let links: [String]
    private var operational: [String: Bool] = [:]

    /// Watches `links` (duplicates are watched once); their first state counts as a change only
    /// when a link is down.
    public init(links: [String]) {
        var seen: Set<String> = []
        self.links = links.filter { seen.insert($0).inserted }
    }

    /// Records `name`'s state; returns the event to feed the state machine when it changed.
    public mutating func update(_ name: String, isOperational: Bool) -> FailoverEvent? {
        guard links.contains(name) else { return nil }
        let previous = operational[name]
        operational[name] = isOperational
        switch (previous, isOperational) {
        case (nil, false), (true?, false): return .linkDown(name)
        case (false?, true): return .linkUp(name)
        default: return nil
        }
    }

    /// The links last seen down.
    public var downLinks: [String] { links.filter { operational[$0] == false } }
}
