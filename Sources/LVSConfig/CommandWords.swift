/// How pulse and the fos daemon split a command from lvs.cf (`active_cmd`, `inactive_cmd`,
/// `start_cmd`, `stop_cmd`): on blanks, with no shell and no quoting, as Piranha did. A bare
/// program name is looked up in `PATH` when it runs.
public enum CommandWords {
    /// The words of `text`; `nil` when it is missing or blank.
    public static func split(_ text: String?) -> [String]? {
        guard let text else { return nil }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        return words.isEmpty ? nil : words
    }

    /// Words a shell would treat specially but that reach the program as plain arguments here:
    /// check-config warns about them (`start_cmd = "a && b"` runs `a` with `&&` and `b` as arguments).
    public static func shellSyntax(in words: [String]) -> [String] {
        let operators: Set<String> = ["&&", "||", ";", "|", "&", ">", ">>", "<", "2>", "2>&1"]
        return words.filter { word in
            operators.contains(word) || word.hasPrefix("$") || word.hasPrefix("`") || word.hasSuffix(";")
        }
    }
}
