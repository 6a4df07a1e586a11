/// One line of BIRD's `show protocols`: a BGP session's state is what `lvsctl status` will show.
public struct BirdProtocolStatus: Sendable, Equatable {
    /// The protocol's name in bird.conf (`uplink`, `lvsrouter_vips4`).
    public var name: String
    /// Its kind: `BGP`, `Static`, `Device`, `Kernel`, `BFD` …
    public var kind: String
    /// `up`, `down`, `start`, `stop`.
    public var state: String
    /// Since when, as BIRD prints it.
    public var since: String
    /// BIRD's detail: for BGP the session's state (`Established`, `Active`, `Connect` …) and the
    /// last error, if any.
    public var info: String

    /// A BGP session that carries routes.
    public var isEstablishedBGP: Bool { kind == "BGP" && info.hasPrefix("Established") }

    /// The protocols of a `show protocols` answer (its 1002 lines), in BIRD's order.
    public static func list(from reply: BirdReply) -> [BirdProtocolStatus] {
        reply.texts(code: 1002).compactMap { line in
            let words = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard words.count >= 5 else { return nil }
            let info =
                words.count > 5 ? String(words[5].drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) : ""
            return BirdProtocolStatus(
                name: String(words[0]), kind: String(words[1]), state: String(words[3]), since: String(words[4]),
                info: info)
        }
    }
}
