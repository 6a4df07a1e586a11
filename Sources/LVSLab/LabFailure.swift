#if canImport(Glibc)
import Glibc
#endif

/// A lab step that could not be done or did not behave as stated; the text says what and where.
public struct LabFailure: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the operation and the object.
    public let description: String

    /// An error with its full text.
    public init(_ description: String) { self.description = description }

    /// `strerror(errno)`, for messages.
    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
}
