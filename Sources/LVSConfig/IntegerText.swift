/// Reads an integer the way `strtol(text, &end, 0)` does when the whole text must be consumed:
/// an optional sign, then `0x` hex, leading-zero octal or decimal. Overflow is reported instead
/// of being truncated as Piranha did.
enum IntegerText: Equatable {
    case value(Int64)
    case overflow
    case invalid

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> IntegerText {
        var i = start
        var negative = false
        if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return .invalid }
        var base: UInt64 = 10
        if bytes[i] == UInt8(ascii: "0"), i + 1 < end {
            if bytes[i + 1] == UInt8(ascii: "x") || bytes[i + 1] == UInt8(ascii: "X") {
                base = 16
                i += 2
                guard i < end else { return .invalid }
            } else {
                base = 8
                i += 1
            }
        }
        var value: UInt64 = 0
        var overflow = false
        while i < end {
            let b = bytes[i]
            let digit: UInt64
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(b - UInt8(ascii: "A") + 10)
            default: return .invalid
            }
            guard digit < base else { return .invalid }
            if !overflow {
                let (m, o1) = value.multipliedReportingOverflow(by: base)
                let (s, o2) = m.addingReportingOverflow(digit)
                if o1 || o2 || s > UInt64(Int64.max) { overflow = true } else { value = s }
            }
            i += 1
        }
        if overflow { return .overflow }
        return .value(negative ? -Int64(value) : Int64(value))
    }
}
