/// The messages between a ``ForkServerClient`` and its ``ForkServer``, one per datagram of a
/// `SOCK_SEQPACKET` socket pair. Pure: encoding and defensive decoding.
///
/// - A request is `S`, a 32-bit id, a 16-bit argument count, then each argument as a 32-bit
///   length and its UTF-8 bytes; the descriptor the child is to inherit rides along (SCM_RIGHTS).
/// - A reply is `P`, the id and the child's 32-bit PID; or `E`, the id and a UTF-8 reason.
/// - `R` and the id 0, once, when the server has warmed up and takes requests.
///
/// Integers are little-endian: both ends are the same machine.
public enum ForkServerMessage: Equatable, Sendable {
    /// Start a child running with `arguments` (argv without argv[0]).
    case spawn(id: UInt32, arguments: [String])
    /// The child of request `id` runs as `pid`.
    case spawned(id: UInt32, pid: Int32)
    /// The child of request `id` could not be started, and why.
    case failed(id: UInt32, reason: String)
    /// The server has warmed up and takes requests (sent once, first).
    case ready

    /// The largest message: requests are argument lists of a few hundred bytes.
    public static let sizeLimit = 65_536
    /// The most arguments one request may carry.
    public static let argumentLimit = 1_024

    /// A message that cannot be decoded, and why.
    public struct DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong.
        public let reason: String
        public var description: String { "fork server message: \(reason)" }

        /// An error saying `reason`.
        public init(reason: String) { self.reason = reason }
    }

    /// The bytes on the wire.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        switch self {
        case .spawn(let id, let arguments):
            bytes.append(UInt8(ascii: "S"))
            Self.append(id, to: &bytes)
            Self.append(UInt16(arguments.count), to: &bytes)
            for argument in arguments {
                let utf8 = Array(argument.utf8)
                Self.append(UInt32(utf8.count), to: &bytes)
                bytes += utf8
            }
        case .spawned(let id, let pid):
            bytes.append(UInt8(ascii: "P"))
            Self.append(id, to: &bytes)
            Self.append(UInt32(bitPattern: pid), to: &bytes)
        case .failed(let id, let reason):
            bytes.append(UInt8(ascii: "E"))
            Self.append(id, to: &bytes)
            bytes += reason.utf8
        case .ready:
            bytes.append(UInt8(ascii: "R"))
            Self.append(UInt32(0), to: &bytes)
        }
        return bytes
    }

    /// Decodes one message.
    public init(decoding bytes: [UInt8]) throws(DecodingError) {
        var reader = Reader(bytes: bytes)
        guard let kind = reader.byte() else { throw DecodingError(reason: "empty message") }
        guard let id: UInt32 = reader.integer() else { throw DecodingError(reason: "too short for its id") }
        switch kind {
        case UInt8(ascii: "S"):
            guard let count: UInt16 = reader.integer() else { throw DecodingError(reason: "no argument count") }
            guard Int(count) <= Self.argumentLimit else {
                throw DecodingError(reason: "\(count) arguments (at most \(Self.argumentLimit))")
            }
            var arguments: [String] = []
            for index in 0..<Int(count) {
                guard let length: UInt32 = reader.integer(), let utf8 = reader.bytes(Int(length)) else {
                    throw DecodingError(reason: "argument \(index + 1) of \(count) is cut short")
                }
                guard !utf8.contains(0), let text = String(validating: utf8, as: UTF8.self) else {
                    throw DecodingError(reason: "argument \(index + 1) is not text without NUL bytes")
                }
                arguments.append(text)
            }
            guard reader.isAtEnd else { throw DecodingError(reason: "bytes after the last argument") }
            self = .spawn(id: id, arguments: arguments)
        case UInt8(ascii: "P"):
            guard let pid: UInt32 = reader.integer(), reader.isAtEnd, Int32(bitPattern: pid) > 0 else {
                throw DecodingError(reason: "a reply without a valid PID")
            }
            self = .spawned(id: id, pid: Int32(bitPattern: pid))
        case UInt8(ascii: "E"):
            self = .failed(id: id, reason: String(decoding: reader.rest(), as: UTF8.self))
        case UInt8(ascii: "R"):
            guard id == 0, reader.isAtEnd else {
                throw DecodingError(reason: "a ready message with more than its id 0")
            }
            self = .ready
        default:
            throw DecodingError(reason: "unknown kind \(kind)")
        }
    }

    private static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func integer<Value: FixedWidthInteger>() -> Value? {
            let size = MemoryLayout<Value>.size
            guard let slice = self.bytes(size) else { return nil }
            var value: Value = 0
            for (index, byte) in slice.enumerated() { value |= Value(byte) << (8 * index) }
            return value
        }

        mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }

        mutating func rest() -> ArraySlice<UInt8> {
            defer { offset = bytes.count }
            return bytes[offset...]
        }
    }
}
