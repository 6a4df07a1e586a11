import FoundationEssentials

/// A 32-bit fingerprint of a parsed lvs.cf: FNV-1a over the model's canonical JSON (keys sorted).
///
/// pulse sends it as the heartbeat's config serial. Both directors must run the same file; two
/// models that differ in any setting give different fingerprints, while comments, blank lines and
/// the order of global keys do not matter. Piranha's `serial_no` is part of the model, so bumping
/// it changes the fingerprint too.
public struct ConfigFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The fingerprint.
    public let value: UInt32

    /// The fingerprint of `config`.
    public init(_ config: LVSConfig) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding the model's plain value types does not fail; an empty input still fingerprints.
        let bytes = (try? encoder.encode(config)).map(Array.init) ?? []
        value = Self.fnv1a(bytes)
    }

    /// FNV-1a, 32 bits.
    static func fnv1a(_ bytes: [UInt8]) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }

    /// Eight hexadecimal digits.
    public var description: String { Self.text(value) }

    /// `value` as eight hexadecimal digits.
    public static func text(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
