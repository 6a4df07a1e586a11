/// How many consecutive check results change a server's state (lvs.cf `rise`, `fall`).
public struct RiseFall: Hashable, Sendable, Codable {
    /// The largest count either may be.
    public static let limit = 1000

    /// Consecutive passing checks that bring a failed server back; nil: the `reentry` time
    /// decides instead (Piranha's rule).
    public var rise: Int?
    /// Consecutive failed checks that take a server out (Piranha: 1).
    public var fall: Int

    /// Counts; the defaults keep Piranha's behaviour.
    public init(rise: Int? = nil, fall: Int = 1) {
        self.rise = rise
        self.fall = fall
    }
}
