import Units

extension Duration {
    /// Whole milliseconds (rounded down).
    var milliseconds: Int64 { wholeMilliseconds }

    /// Seconds as a Double.
    var seconds: Double { secondsValue }

    /// How the lab prints a time: `45 ms` under a second, `1.23 s` under ten, `12.3 s` above.
    public var labText: String {
        let value = seconds
        if value < 1 { return "\(Int((value * 1000).rounded())) ms" }
        return value < 10
            ? "\(Double(Int((value * 100).rounded())) / 100) s" : "\(Double(Int((value * 10).rounded())) / 10) s"
    }
}
