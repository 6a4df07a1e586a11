/// Bytes for stdout, built with the few `printf` conversions ipvsadm's formats use.
struct OutputBuffer {
    /// What has been written and not yet handed out.
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// `%s`.
    mutating func text(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// `%-Ns`: left-justified, padded with blanks to `width` (never cut).
    mutating func left(_ s: String, _ width: Int) {
        let count = s.utf8.count
        bytes.append(contentsOf: s.utf8)
        if count < width { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - count)) }
    }

    /// `%Ns`: right-justified, padded with blanks to `width` (never cut).
    mutating func right(_ s: String, _ width: Int) {
        let count = s.utf8.count
        if count < width { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - count)) }
        bytes.append(contentsOf: s.utf8)
    }

    /// A newline.
    mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    /// Hands out everything written so far and empties the buffer.
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// `print_largenum`: counters in 9 columns, scaled to K/M/G/T (truncating) when they do not
    /// fit; with `exact`, the full number in at least 9 columns and one blank before it.
    mutating func largeNumber(_ value: UInt64, exact: Bool) {
        if exact {
            let digits = String(value)
            right(digits, digits.utf8.count <= 8 ? 9 : digits.utf8.count + 1)
            return
        }
        switch value {
        case ..<100_000_000: right(String(value), 9)
        case ..<1_000_000_000: right(String(value / 1000), 8); text("K")
        case ..<100_000_000_000: right(String(value / 1_000_000), 8); text("M")
        case ..<100_000_000_000_000: right(String(value / 1_000_000_000), 8); text("G")
        default: right(String(value / 1_000_000_000_000), 8); text("T")
        }
    }
}
