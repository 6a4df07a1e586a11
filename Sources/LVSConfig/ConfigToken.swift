/// One token of an lvs.cf line: a run of non-blank bytes, or a quoted string.
///
/// Offsets index the file's bytes. For a quoted token they exclude the quotes.
struct ConfigToken: Hashable, Sendable {
    /// First byte of the text (after an opening quote).
    var start: Int
    /// One past the last byte of the text (before a closing quote).
    var end: Int
    /// The quote character (`"` or `'`), or 0 for a bare token.
    var quote: UInt8
    /// 1-based column of the token's first byte (the opening quote, if quoted).
    var column: Int
    /// Whether the text holds a control byte (other than tab), which no value may contain.
    var hasControlByte: Bool

    var isQuoted: Bool { quote != 0 }
    var count: Int { end - start }

    /// The byte offset just past the token as written (after a closing quote).
    var writtenEnd: Int { quote != 0 ? end + 1 : end }
    /// The byte offset of the token as written (its opening quote, if quoted).
    var writtenStart: Int { quote != 0 ? start - 1 : start }
}
