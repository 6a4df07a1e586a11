import LVSConfig

/// A form's values applied to lvs.cf through the comment-keeping writer: a field whose value did
/// not change is not touched, a changed one rewrites only its line, an emptied one removes its
/// line. The result is parsed and checked exactly as `check-config` checks a file, and each
/// diagnostic is placed beside the field whose line it names. Pure: no file is read or written.
public struct ConfigEdit: Sendable {
    /// The document after the edit.
    public var document: LVSConfigDocument
    /// The keys whose lines changed, in form order.
    public var changedKeys: [String] = []
    /// Problems per field key: edit refusals and the diagnostics of the field's line.
    public var fieldProblems: [String: [Diagnostic]] = [:]
    /// Diagnostics that belong to no field of this form (another block, the file as a whole).
    public var otherProblems: [Diagnostic] = []
    /// Whether the file must not be written: an edit was refused or the result has errors.
    public var hasErrors: Bool = false

    /// Applies `values` (key → text; a key absent from `values` is left alone) for `fields` of
    /// `block` (nil: the global section) to `document`; `file` names the file in diagnostics.
    public init(
        _ values: [String: String], fields: [ConfigField], block: LVSConfigBlockPath?, to document: LVSConfigDocument,
        file: String
    ) {
        self.document = document
        let current = document.summary(of: block)
        for field in fields {
            guard let submitted = values[field.key] else { continue }
            let value = Self.trimmed(submitted)
            let old = current?.values[field.key] ?? ""
            guard value != old else { continue }
            do {
                if value.isEmpty {
                    try self.document.removeValue(for: field.key, in: block)
                } else {
                    try self.document.setValue(value, for: field.key, in: block)
                }
                changedKeys.append(field.key)
            } catch {
                hasErrors = true
                let line = current?.lines[field.key] ?? 1
                fieldProblems[field.key, default: []].append(
                    Diagnostic(severity: .error, file: file, line: line, column: 1, message: error.description))
            }
        }
        let keys = Set(fields.map(\.key))
        let result = self.document.parse(file: file)
        let owners = self.document.owners(ofLines: result.diagnostics.map(\.line))
        for (diagnostic, owner) in zip(result.diagnostics, owners) {
            if diagnostic.severity == .error { hasErrors = true }
            if owner.block == block, let key = owner.key, keys.contains(key) {
                fieldProblems[key, default: []].append(diagnostic)
            } else {
                otherProblems.append(diagnostic)
            }
        }
        if result.errorCount > result.diagnostics.filter({ $0.severity == .error }).count { hasErrors = true }
    }

    /// Blanks and line breaks at the ends removed; a line break inside becomes a blank (lvs.cf
    /// is one setting per line).
    static func trimmed(_ text: String) -> String {
        let flat = String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        return String(flat.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
