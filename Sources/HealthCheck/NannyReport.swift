/// One message from a nanny to lvsd over the socket lvsd gave it (fd 3 by convention).
///
/// ## Wire format, version 1
///
/// UTF-8 text, one message per line, each line ending in `\n`, at most
/// ``NannyReport/maximumLineLength`` bytes including the newline. Fields are separated by one
/// space; the first field is the protocol version, the second the message type:
///
/// | line | meaning |
/// |---|---|
/// | `1 UP <weight> <reason>` | the server is available; put it in the table with this weight |
/// | `1 WEIGHT <weight>` | change its weight (slow start, or forced up) |
/// | `1 DOWN <reason>` | the server is unavailable; take it out (or quiesce it to weight 0) |
/// | `1 CHECK PASS <detail>` / `1 CHECK FAIL <reason>` | the result of one check, for status |
/// | `1 CHECK-TIME <microseconds>` | how long the check just reported took (latency metrics) |
/// | `1 MODE CHECKING` / `1 MODE FORCED-UP` / `1 MODE FORCED-DOWN` | the administrator's override |
///
/// `<weight>` is a decimal integer from 0 to 2147483647. `<reason>` and `<detail>` run to the
/// end of the line and may be empty; a backslash in them is sent as `\\`, a newline as `\n` and
/// a carriage return as `\r`. A receiver rejects a line with another version number (so a newer
/// nanny paired with an older lvsd fails loudly instead of being misread).
public enum NannyReport: Equatable, Sendable {
    /// The server is available with this weight.
    case up(weight: Int, reason: String)
    /// Its weight changed.
    case weight(Int)
    /// The server is unavailable.
    case down(reason: String)
    /// One check's result.
    case check(CheckResult)
    /// How long the check reported last took.
    case checkDuration(Duration)
    /// The administrator's override mode.
    case mode(NannyMode)

    /// The protocol version this code speaks.
    public static let protocolVersion = 1
    /// The longest line, newline included; longer texts are cut when encoding.
    public static let maximumLineLength = 1024

    /// The line for this message, newline included.
    public var encoded: [UInt8] {
        let version = NannyReport.protocolVersion
        let line: String =
            switch self {
            case .up(let weight, let reason): "\(version) UP \(weight) \(Self.escape(reason))"
            case .weight(let weight): "\(version) WEIGHT \(weight)"
            case .down(let reason): "\(version) DOWN \(Self.escape(reason))"
            case .check(.passed(let detail)): "\(version) CHECK PASS \(Self.escape(detail))"
            case .check(.failed(let reason)): "\(version) CHECK FAIL \(Self.escape(reason))"
            case .checkDuration(let duration): "\(version) CHECK-TIME \(max(0, Int64(duration / .microseconds(1))))"
            case .mode(let mode): "\(version) MODE \(mode.rawValue)"
            }
        var bytes = Array(line.utf8)
        if bytes.count > Self.maximumLineLength - 1 {
            var cut = Self.maximumLineLength - 1
            // Do not split an escape (a trailing lone backslash) or a UTF-8 character.
            while cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            bytes.removeSubrange(cut...)
            var backslashes = 0
            while backslashes < bytes.count && bytes[bytes.count - 1 - backslashes] == UInt8(ascii: "\\") {
                backslashes += 1
            }
            if backslashes % 2 == 1 { bytes.removeLast() }
        }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    static func unescape(_ text: Substring) throws(NannyReportError.Problem) -> String {
        var result = ""
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "\\" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalars.popFirst() {
            case "\\": result += "\\"
            case "n": result += "\n"
            case "r": result += "\r"
            case let other?: throw .badEscape("\\\(other)")
            case nil: throw .badEscape("\\ at the end of the line")
            }
        }
        return result
    }
}

/// The administrator's override of a nanny (Piranha's "glasses": SIGUSR1, SIGUSR2, SIGHUP).
public enum NannyMode: String, Equatable, Sendable, CaseIterable {
    /// Normal: checks decide.
    case checking = "CHECKING"
    /// SIGUSR2: reported up with full weight, checks stopped until SIGHUP.
    case forcedUp = "FORCED-UP"
    /// SIGUSR1: reported down, checks stopped until SIGHUP.
    case forcedDown = "FORCED-DOWN"
}
