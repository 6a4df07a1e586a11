extension Duration {
    /// The duration in seconds, as a floating-point number (for JSON and messages).
    var secondsValue: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    /// The text lvs.cf uses: whole seconds as an integer, otherwise up to 3 decimals (`0.25`).
    var configText: String {
        let c = components
        let millis = c.attoseconds / 1_000_000_000_000_000
        if millis == 0 { return String(c.seconds) }
        var fraction = String(millis)
        while fraction.utf8.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(c.seconds).\(fraction)"
    }
}

extension KeyedDecodingContainer {
    func decodeSeconds(forKey key: Key) throws -> Duration {
        let seconds = try decode(Double.self, forKey: key)
        guard seconds.isFinite, seconds >= 0, seconds < 1e12 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a number of seconds: \(seconds)")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension KeyedEncodingContainer {
    mutating func encodeSeconds(_ duration: Duration, forKey key: Key) throws {
        try encode(duration.secondsValue, forKey: key)
    }
}
