import Glibc
import SystemPackage

/// A failed system call: the call's name, what it acted on, and `errno`.
///
/// Its text names the operation, the object and the cause, e.g.
/// `connect 127.0.0.1:80: Connection refused`.
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name of the failed call (`connect`, `posix_spawn`, …), possibly with a short context.
    public var call: String
    /// What the call acted on (a path, an address, a PID), or `nil`.
    public var object: String?
    /// The `errno` value the call reported.
    public var errno: Int32

    /// Creates an error for `call` on `object` that failed with `errno`.
    public init(call: String, object: String? = nil, errno: Int32) {
        self.call = call
        self.object = object
        self.errno = errno
    }

    /// `strerror(errno)`, e.g. `Connection refused`.
    public var reason: String { SystemCallError.describe(errno: errno) }

    public var description: String {
        if let object { return "\(call) \(object): \(reason)" }
        return "\(call): \(reason)"
    }

    /// `strerror` text for an errno value.
    public static func describe(errno: Int32) -> String {
        Errno(rawValue: errno).description
    }
}

/// Runs system calls: retries `EINTR`, and turns a `-1` result into a ``SystemCallError``.
public enum SystemCall {
    /// Calls `body` until it does not fail with `EINTR`; returns its result, or throws when it
    /// returns `-1`, with `errno` and the call's name.
    @discardableResult
    @inline(__always)
    public static func run<Result: FixedWidthInteger>(
        _ name: @autoclosure () -> String,
        on object: @autoclosure () -> String? = nil,
        _ body: () -> Result
    ) throws(SystemCallError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw SystemCallError(call: name(), object: object(), errno: code)
        }
    }

    /// Like ``run(_:on:_:)`` but returns `nil` instead of throwing when `errno` is one of
    /// `tolerated` (typically `EAGAIN` on a non-blocking descriptor).
    @inline(__always)
    public static func run<Result: FixedWidthInteger>(
        _ name: @autoclosure () -> String,
        on object: @autoclosure () -> String? = nil,
        tolerating tolerated: Set<Int32>,
        _ body: () -> Result
    ) throws(SystemCallError) -> Result? {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            if tolerated.contains(code) { return nil }
            throw SystemCallError(call: name(), object: object(), errno: code)
        }
    }
}
