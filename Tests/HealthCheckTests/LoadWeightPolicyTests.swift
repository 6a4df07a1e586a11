import HealthCheck
import Testing

@Suite struct LoadWeightPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var weight: Int
        var scale: Int
        var current: Int
        var load: Double
        var expected: Int?
        var testDescription: String {
            "w\(weight) S\(scale) at \(current), load \(load) -> \(expected.map(String.init) ?? "keep")"
        }
    }

    // (weight / 2) · ∛|1 − load|, rounded; weight 10 gives steps of 5 · ∛|1 − load|.
    static let cases: [Case] = [
        // Idle: the full step up.
        .init(weight: 10, scale: 10, current: 10, load: 0, expected: 15),
        // 5 · ∛0.5 = 3.97 → 14.
        .init(weight: 10, scale: 10, current: 10, load: 0.5, expected: 14),
        // 5 · ∛0.1 = 2.32 → 12, a change of 2 < 10/4: kept.
        .init(weight: 10, scale: 10, current: 10, load: 0.9, expected: nil),
        // Exactly 1: no change.
        .init(weight: 10, scale: 10, current: 50, load: 1, expected: nil),
        // Busy: down by 5 · ∛1 = 5, then by 5 · ∛8 = 10.
        .init(weight: 10, scale: 10, current: 50, load: 2, expected: 45),
        .init(weight: 10, scale: 10, current: 50, load: 9, expected: 40),
        // Never below the configured weight.
        .init(weight: 10, scale: 10, current: 12, load: 30, expected: 10),
        .init(weight: 10, scale: 10, current: 10, load: 30, expected: nil),
        // Never above scale · weight; a small step that lands on a bound is still taken.
        .init(weight: 10, scale: 10, current: 98, load: 0, expected: 100),
        .init(weight: 10, scale: 10, current: 100, load: 0, expected: nil),
        .init(weight: 10, scale: 3, current: 28, load: 0, expected: 30),
        // Scale 0 counts as 1: the weight stays where it is configured.
        .init(weight: 4, scale: 0, current: 4, load: 0, expected: nil),
        // Weight 1 still moves: 1 + 0.5 rounds to 2.
        .init(weight: 1, scale: 10, current: 1, load: 0, expected: 2),
        // Weight 0 never moves.
        .init(weight: 0, scale: 10, current: 0, load: 0, expected: nil),
        // Below the floor (a server that came up under it): raised to it.
        .init(weight: 10, scale: 10, current: 6, load: 3, expected: 10),
        // A load that is not a number from 0 up changes nothing.
        .init(weight: 10, scale: 10, current: 20, load: .nan, expected: nil),
        .init(weight: 10, scale: 10, current: 20, load: -0.5, expected: nil),
        .init(weight: 10, scale: 10, current: 20, load: .infinity, expected: nil),
    ]

    @Test(arguments: cases) func weightFollowsTheLoad(_ c: Case) {
        #expect(
            LoadWeightPolicy(weight: c.weight, scale: c.scale).weight(current: c.current, load: c.load) == c.expected)
    }

    @Test func ceilingIsScaleTimesWeightWithoutOverflow() {
        #expect(LoadWeightPolicy(weight: 10, scale: 10).ceiling == 100)
        #expect(LoadWeightPolicy(weight: 7, scale: 0).ceiling == 7)
        #expect(LoadWeightPolicy(weight: Int(Int32.max), scale: 10).ceiling == Int(Int32.max))
    }

    /// An idle server climbs to the ceiling in steps and stays there; load sends it back to the
    /// configured weight and no lower.
    @Test func repeatedPeriodsConvergeOnTheBounds() {
        let policy = LoadWeightPolicy(weight: 10, scale: 4)
        var weight = 10
        var path: [Int] = []
        for _ in 0..<12 {
            guard let next = policy.weight(current: weight, load: 0) else { break }
            weight = next
            path.append(next)
        }
        #expect(path == [15, 20, 25, 30, 35, 40])
        path = []
        for _ in 0..<12 {
            guard let next = policy.weight(current: weight, load: 5) else { break }
            weight = next
            path.append(next)
        }
        // 5 · ∛4 = 7.94 → steps of 8.
        #expect(path == [32, 24, 16, 10])
    }
}
