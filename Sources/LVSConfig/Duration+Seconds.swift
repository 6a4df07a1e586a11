import Units

extension Duration {
    /// The text lvs.cf uses: whole seconds as an integer, otherwise up to 3 decimals (`0.25`).
    var configText: String { secondsText() }
}

extension KeyedDecodingContainer {
    func decodeSeconds(forKey key: Key) throws -> Duration {
        let seconds = try decode(Double.self, forKey: key)
        guard seconds.isFinite, seconds >= 0, seconds < 1e12 else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "not a number of seconds: \(seconds)")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension KeyedEncodingContainer {
    mutating func encodeSeconds(_ duration: Duration, forKey key: Key) throws {
        try encode(duration.secondsValue, forKey: key)
    }
}
