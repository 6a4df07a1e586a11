/// Splits a byte stream into `\n`-terminated lines, with a bound on the line length, for the
/// control protocol (one JSON request or response per line).
public struct LineFramer: Sendable {
    /// The longest line accepted, newline excluded.
    public let maximumLineLength: Int
    private var buffer: [UInt8] = []

    /// What ``feed(_:)`` found.
    public enum Output: Equatable, Sendable {
        /// A complete line, without its newline (and without a trailing `\r`).
        case line([UInt8])
        /// A line grew past ``maximumLineLength`` bytes: the stream is unusable from here.
        case overflow
    }

    /// A framer accepting lines of up to `maximumLineLength` bytes.
    public init(maximumLineLength: Int = 65536) {
        self.maximumLineLength = maximumLineLength
    }

    /// Bytes received without a newline yet.
    public var pendingByteCount: Int { buffer.count }

    /// Adds received bytes; returns the complete lines they finish. After `.overflow` nothing
    /// more is returned.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Output] {
        var outputs: [Output] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if buffer.last == UInt8(ascii: "\r") { buffer.removeLast() }
                outputs.append(.line(buffer))
                buffer.removeAll(keepingCapacity: true)
                continue
            }
            buffer.append(byte)
            if buffer.count > maximumLineLength {
                buffer = []
                outputs.append(.overflow)
                return outputs
            }
        }
        return outputs
    }
}
