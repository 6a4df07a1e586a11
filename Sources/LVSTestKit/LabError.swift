#if canImport(Glibc)
import Glibc
#endif

/// A failure of the tests' and the lab's own plumbing (a process that would not start, a
/// namespace that could not be made, a step that did not happen in time), not of the code under
/// test. Its text names the operation and the object.
public struct LabError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the operation and the object.
    public let message: String

    /// A failure with this text.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }

    /// `strerror(code)` (by default of the current `errno`), for messages.
    public static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
