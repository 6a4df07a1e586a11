import Glibc

/// The process's working directory, for making an admin's relative paths absolute before a
/// daemon moves to `/`.
public enum WorkingDirectory {
    /// The current working directory.
    public static func current() throws(SystemCallError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else {
            throw SystemCallError(call: "getcwd", object: ".", errno: errno)
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
