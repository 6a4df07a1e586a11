extension Duration {
    /// Milliseconds with at most two decimals, as pulse's log lines and status notes give them
    /// (`12.34`, `500.0`).
    var millisecondsText: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(Double(Int((value * 100).rounded())) / 100)
    }
}
