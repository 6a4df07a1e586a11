import Glibc

/// A compiled POSIX extended regular expression (`regcomp(REG_EXTENDED | REG_NOSUB)`), as
/// nanny's `--regex` uses.
public final class POSIXRegex: @unchecked Sendable {
    /// The pattern as given.
    public let pattern: String
    // regex_t is never mutated after regcomp; regexec only reads it, so sharing is safe.
    private let compiled: UnsafeMutablePointer<regex_t>

    /// Compiles `pattern`; throws with regerror's text when it is not a valid expression.
    public init(_ pattern: String) throws(POSIXRegexError) {
        // Compile before initializing the properties: throwing from a fully initialized class
        // would run deinit, and regfree on a failed regcomp is undefined.
        let storage = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
        let result = regcomp(storage, pattern, REG_EXTENDED | REG_NOSUB)
        if result != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            regerror(result, storage, &buffer, buffer.count)
            let reason = String(
                decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            storage.deallocate()
            throw POSIXRegexError(pattern: pattern, reason: reason)
        }
        self.pattern = pattern
        compiled = storage
    }

    deinit {
        regfree(compiled)
        compiled.deallocate()
    }

    /// Whether the expression matches somewhere in `bytes`. A NUL byte ends the text (C strings).
    public func matches(_ bytes: some Collection<UInt8>) -> Bool {
        var text = bytes.prefix(while: { $0 != 0 }).map { CChar(bitPattern: $0) }
        text.append(0)
        return regexec(compiled, text, 0, nil, 0) == 0
    }
}

/// A pattern that does not compile.
public struct POSIXRegexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The pattern.
    public var pattern: String
    /// regerror's explanation.
    public var reason: String

    public var description: String { "bad regular expression \"\(pattern)\": \(reason)" }
}
