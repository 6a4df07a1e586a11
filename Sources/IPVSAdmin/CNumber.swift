#if canImport(Glibc)
import Glibc
#endif

/// ipvsadm's number readers, on top of the C library's `strtol`/`strtoul`/`atoi` so that
/// signs, leading blanks and overflow behave exactly as there.
enum CNumber {
    /// `string_to_number`: a base-10 `long` that consumes the whole (non-empty) string and lies
    /// in `minimum…maximum`; nil otherwise.
    static func number(_ text: String, in range: ClosedRange<Int>) -> Int? {
        if let n = ServiceArgument.plainNumber(Array(text.utf8)[...]) { return range.contains(n) ? n : nil }
        return text.withCString { start -> Int? in
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            let value = strtol(start, &end, 10)
            guard let end, end.pointee == 0, end != UnsafeMutablePointer(mutating: start), errno != ERANGE,
                range.contains(value)
            else { return nil }
            return value
        }
    }

    /// `parse_fwmark`: 1…4294967295 (`strtol` into an `unsigned long`, so negatives wrap high).
    static func firewallMark(_ text: String) -> UInt32? {
        text.withCString { start -> UInt32? in
            var end: UnsafeMutablePointer<CChar>?
            errno = 0
            let value = UInt(bitPattern: strtol(start, &end, 10))
            guard let end, end.pointee == 0, end != UnsafeMutablePointer(mutating: start), errno != ERANGE,
                value > 0, value <= UInt(UInt32.max)
            else { return nil }
            return UInt32(value)
        }
    }

    /// `atoi`.
    static func atoi(_ text: String) -> Int32 { text.withCString { Glibc.atoi($0) } }

    /// `strtoul(text, NULL, 16)`, truncated to 32 bits as ipvsadm stores it.
    static func hex32(_ text: String) -> UInt32 {
        text.withCString { UInt32(truncatingIfNeeded: strtoul($0, nil, 16)) }
    }
}
