import Glibc

/// This machine's host name.
public enum HostName {
    /// The name `gethostname(2)` reports (the kernel's UTS node name).
    public static func current() throws(SystemCallError) -> String {
        // HOST_NAME_MAX is 64 on Linux; the spare bytes keep the name terminated.
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else {
            throw SystemCallError(call: "gethostname", errno: errno)
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
