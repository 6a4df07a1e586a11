/// The extension keys `garp_count` and `garp_interval`: how many gratuitous ARPs pulse sends for
/// each address it brings up on takeover, and how far apart.
public struct GratuitousARPSettings: Hashable, Sendable {
    /// `garp_count`: ARPs per address. Default 5 (what Piranha sent); 0 sends none.
    public var count: Int = 5
    /// `garp_interval`: the time between two ARPs. Default 1 s; fractions allowed.
    public var interval: Duration = .seconds(1)

    /// Creates settings; the defaults are Piranha's fixed behaviour.
    public init(count: Int = 5, interval: Duration = .seconds(1)) {
        self.count = count
        self.interval = interval
    }
}

extension GratuitousARPSettings: Codable {
    private enum CodingKeys: String, CodingKey { case count, interval }

    /// Decodes the value from the form `encode(to:)` writes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decode(Int.self, forKey: .count)
        interval = try c.decodeSeconds(forKey: .interval)
    }

    /// Encodes the settings, count, and the interval in seconds (a JSON number, fractions allowed).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encodeSeconds(interval, forKey: .interval)
    }
}
