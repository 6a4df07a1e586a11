import LVSConfig

/// One lvs.cf setting as a form field: its key, a label in an admin's words, a short hint, and
/// the values to suggest (the field stays free text, so that check-config, not the form, decides
/// what is valid, and says why beside the field).
public struct ConfigField: Sendable, Equatable {
    /// The key as written in lvs.cf.
    public var key: String
    /// The label.
    public var label: String
    /// A hint shown under the field.
    public var hint: String
    /// Values offered as suggestions.
    public var suggestions: [String]

    /// A field.
    public init(_ key: String, _ label: String, hint: String = "", suggestions: [String] = []) {
        self.key = key
        self.label = label
        self.hint = hint
        self.suggestions = suggestions
    }
}
