extension Duration {
    /// Whole milliseconds (rounded down).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Seconds as a Double.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// How the lab prints a time: `45 ms` under a second, `1.23 s` under ten, `12.3 s` above.
    public var labText: String {
        let value = seconds
        if value < 1 { return "\(Int((value * 1000).rounded())) ms" }
        return value < 10 ? "\(Double(Int((value * 100).rounded())) / 100) s" : "\(Double(Int((value * 10).rounded())) / 10) s"
    }
}
