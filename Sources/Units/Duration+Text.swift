extension Duration {
    /// The duration in seconds, as a floating-point number (for JSON, arithmetic and messages).
    public var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded toward zero.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Seconds the way an admin writes them: whole seconds as an integer (`10`), otherwise up to
    /// `maximumDecimals` decimals, truncated, without trailing zeros (`0.25`); `unit` appends ` s`.
    /// lvs.cf, nanny's command line and the daemons' log lines all use this form.
    public func secondsText(maximumDecimals: Int = 3, unit: Bool = false) -> String {
        precondition((0...18).contains(maximumDecimals), "maximumDecimals must be 0...18")
        let (seconds, attoseconds) = components
        var scale: Int64 = 1
        for _ in 0..<(18 - maximumDecimals) { scale *= 10 }
        var fraction = attoseconds / scale
        let whole = seconds
        // A negative duration keeps its sign on the whole part only.
        if fraction < 0 {
            fraction = -fraction
            if whole == 0 {
                return "-" + (Duration.zero - self).secondsText(maximumDecimals: maximumDecimals, unit: unit)
            }
        }
        var digits = ""
        if fraction > 0 {
            var text = String(fraction)
            while text.utf8.count < maximumDecimals { text = "0" + text }
            while text.hasSuffix("0") { text.removeLast() }
            digits = "." + text
        }
        return "\(whole)\(digits)\(unit ? " s" : "")"
    }

    /// Milliseconds rounded to at most two decimals, printed as a floating-point number is
    /// (`12.34`, `500.0`): pulse's log lines and status notes.
    public var millisecondsText: String {
        String(Double(Int((secondsValue * 100_000).rounded())) / 100)
    }

    /// The duration in `unit`, rounded to exactly `decimals` decimals (`1.50`, `12.3`): for
    /// tables and benchmark lines, where columns line up.
    public func fixedText(in unit: DurationUnit, decimals: Int) -> String {
        precondition((0...9).contains(decimals), "decimals must be 0...9")
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let value = secondsValue * unit.perSecond
        let scaled = Int64((abs(value) * scale).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        let whole = scaled / Int64(scale)
        guard decimals > 0 else { return "\(sign)\(whole)" }
        var fraction = String(scaled % Int64(scale))
        while fraction.utf8.count < decimals { fraction = "0" + fraction }
        return "\(sign)\(whole).\(fraction)"
    }
}

/// A unit for ``Swift/Duration/fixedText(in:decimals:)``.
public enum DurationUnit: Sendable {
    case seconds, milliseconds, microseconds, nanoseconds

    /// How many of this unit make a second.
    var perSecond: Double {
        switch self {
        case .seconds: 1
        case .milliseconds: 1e3
        case .microseconds: 1e6
        case .nanoseconds: 1e9
        }
    }
}
