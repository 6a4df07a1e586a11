import Glibc

/// Load-based weights, Piranha's rule: every load period, after slow start, the weight moves
/// toward `scale × weight` while the real server's 1-minute load average is below 1 and back
/// toward `weight` while it is above 1.
///
/// ```
/// load < 1:  new = current + (weight / 2) · ∛(1 − load),  at most scale · weight
/// load > 1:  new = current − (weight / 2) · ∛(load − 1),  at least weight
/// ```
///
/// The cube root makes the step large for small departures from 1 and grow slowly after that,
/// so an idle server gains weight quickly while a busy one sheds its bonus quickly, without a
/// load of 20 swinging harder than a load of 3. The result is rounded to the nearest integer and
/// used only when it differs from the current weight by at least `weight / 4`, so small wobbles
/// of the load do not rewrite the table every period; unlike Piranha, a step that lands on a
/// bound is always taken, so a server near the ceiling or the floor does reach it. A load of
/// exactly 1 changes nothing.
///
/// The configured weight is the floor, as in Piranha: the admin's weight is the share a server
/// gets under load, and the load monitor only hands idle servers a bonus on top. A floor lower
/// than that (say 1) would let a short burst of load on one server starve it of new
/// connections, and its falling load would then look like idleness; the floor keeps the
/// configured ratios as the worst case.
public struct LoadWeightPolicy: Equatable, Sendable {
    /// The configured weight (`-w`): the floor, and the unit of every step.
    public var weight: Int
    /// The ceiling as a multiple of ``weight`` (`-S`, default 10); below 1 counts as 1.
    public var scale: Int

    /// A policy for a server configured with `weight`, rising at most to `scale × weight`.
    public init(weight: Int, scale: Int) {
        self.weight = weight
        self.scale = scale
    }

    /// The highest weight the policy gives: `scale × weight` (at least `weight`).
    public var ceiling: Int {
        let (product, overflow) = max(scale, 1).multipliedReportingOverflow(by: weight)
        return overflow ? Int(Int32.max) : min(product, Int(Int32.max))
    }

    /// The weight for `load` when the server is at `current`, or `nil` to keep `current`: a load
    /// of exactly 1, a change smaller than `weight / 4` that does not reach a bound, or a load
    /// that is not a finite number from 0 up.
    public func weight(current: Int, load: Double) -> Int? {
        guard load.isFinite, load >= 0, load != 1 else { return nil }
        let step = Double(weight) / 2 * cbrt(abs(1 - load))
        let moved = load < 1 ? Double(current) + step : Double(current) - step
        let proposed = min(max(moved.rounded(), Double(weight)), Double(ceiling))
        let new = Int(proposed)
        let reachesBound = new == weight || new == ceiling
        guard new != current, reachesBound || Double(abs(new - current)) >= Double(weight) / 4 else { return nil }
        return new
    }
}
