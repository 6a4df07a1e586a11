import Glibc

/// One RFC 3164 message as glibc's `syslog()` writes it to `/dev/log`:
/// `<PRI>Mmm dd hh:mm:ss ident[pid]: text` (the day padded with a space, like `%e`).
public struct SyslogMessage: Equatable, Sendable {
    /// Facility and severity.
    public var priority: SyslogPriority
    /// Seconds since the epoch.
    public var time: time_t
    /// Whether the timestamp is local time (as syslog does) or UTC.
    public var localTime: Bool
    /// The program name.
    public var ident: String
    /// The process ID (`LOG_PID`).
    public var pid: pid_t
    /// The message text. Used as data only: a `%` in it is just a character.
    public var text: String

    /// A message.
    public init(priority: SyslogPriority, time: time_t, localTime: Bool = true, ident: String, pid: pid_t, text: String)
    {
        self.priority = priority
        self.time = time
        self.localTime = localTime
        self.ident = ident
        self.pid = pid
        self.text = text
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Mmm dd hh:mm:ss` for ``time``.
    public var timestamp: String {
        var seconds = time
        var parts = tm()
        if localTime { localtime_r(&seconds, &parts) } else { gmtime_r(&seconds, &parts) }
        let month = Self.months[Int(parts.tm_mon) % 12]
        let day = parts.tm_mday < 10 ? " \(parts.tm_mday)" : "\(parts.tm_mday)"
        return
            "\(month) \(day) \(Self.twoDigits(parts.tm_hour)):\(Self.twoDigits(parts.tm_min)):\(Self.twoDigits(parts.tm_sec))"
    }

    private static func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// The datagram: at most `limit` bytes, cut at a UTF-8 character boundary.
    public func bytes(limit: Int = 8192) -> [UInt8] {
        var bytes = Array("<\(priority.value)>\(timestamp) \(ident)[\(pid)]: \(text)".utf8)
        if bytes.count > limit {
            var cut = limit
            // Back up over continuation bytes (10xxxxxx) so no character is split.
            while cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            bytes.removeSubrange(cut...)
        }
        return bytes
    }
}
