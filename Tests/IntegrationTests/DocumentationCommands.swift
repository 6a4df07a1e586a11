import Foundation

/// Command lines as Markdown shows them, and what a program's vocabulary says of their words.
enum DocumentationCommands {
    /// The info strings of fenced blocks that hold shell commands (a diagram is fenced as `text`,
    /// a configuration file as `ini`, output as `text`).
    static let shellFences: Set<String> = ["", "sh", "shell", "bash", "console"]

    /// Each command of the text with its line number: every line of a fenced shell block or of an
    /// indented code block (a shell prompt and a trailing `# comment` dropped) and every code span
    /// elsewhere, split at `&&`, `||`, `;` and `|`.
    static func commandLines(in text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var fence: String? = nil
        var indentedBlock = false
        var previousBlank = true
        let span = try! NSRegularExpression(pattern: "`([^`]+)`")
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                fence = fence == nil ? String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces) : nil
                continue
            }
            var commands: [String] = []
            // An indented code block starts after a blank line and lasts while lines are indented.
            let indented = line.hasPrefix("    ") && !trimmed.isEmpty
            indentedBlock = fence == nil && indented && (indentedBlock || previousBlank)
            previousBlank = trimmed.isEmpty
            if fence != nil || indentedBlock {
                if let fence, !shellFences.contains(fence) { continue }
                var command = line.trimmingCharacters(in: .whitespaces)
                for prompt in ["$ ", "# "] where command.hasPrefix(prompt) { command.removeFirst(prompt.count) }
                if let comment = command.range(of: " #") { command = String(command[..<comment.lowerBound]) }
                commands.append(command)
            } else {
                for match in span.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                    if let r = Range(match.range(at: 1), in: line) { commands.append(String(line[r])) }
                }
            }
            for command in commands {
                for piece in split(command) where !piece.isEmpty { result.append((index + 1, piece)) }
            }
        }
        return result
    }

    private static func split(_ command: String) -> [String] {
        var pieces = [command]
        for separator in ["&&", "||", ";", "|"] {
            pieces = pieces.flatMap { $0.components(separatedBy: separator) }
        }
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The program a command runs (`/usr/sbin/pulse`, `sudo lvsctl`, `FOO=1 scripts/test`) and
    /// its words, or nil when it runs none of `programs`.
    static func programWords(_ command: String, programs: [String]) -> (program: String, arguments: [String])? {
        var words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        while let first = words.first,
            first == "sudo" || first == "exec" || (first.contains("=") && !first.hasPrefix("-"))
        {
            words.removeFirst()
        }
        guard let first = words.first else { return nil }
        let name = first.hasPrefix("./") ? String(first.dropFirst(2)) : first
        let program = programs.first { name == $0 || name.hasSuffix("/sbin/" + $0) || name.hasSuffix("/bin/" + $0) }
        guard let program, words.count > 1 else { return nil }
        return (program, Array(words.dropFirst()))
    }

    /// What in `arguments` the program does not accept: unknown options, and for a program with
    /// subcommands a first word that is none. Placeholders (`FILE`, `<n>`, `…`) and values pass.
    static func problems(_ arguments: [String], _ vocabulary: ProgramVocabulary) -> [String] {
        var problems: [String] = []
        var command = vocabulary.root
        var expectingSubcommand = vocabulary.hasSubcommands
        for raw in arguments {
            let word = raw.trimmingCharacters(in: CharacterSet(charactersIn: "[]{}(),.'\"…"))
            if word == "--" { break }
            if word.hasPrefix("-") && word.count > 1 && !word.dropFirst().allSatisfy(\.isNumber) {
                let option = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
                if command.options.contains(option) { continue }
                // A cluster of short flags (-nv, -Ln).
                if !option.hasPrefix("--"), option.count > 2,
                    option.dropFirst().allSatisfy({ command.options.contains("-" + String($0)) })
                {
                    continue
                }
                problems.append("no option \(option)")
                continue
            }
            guard expectingSubcommand else { continue }
            expectingSubcommand = false
            if let sub = command.subcommands[word] {
                command = sub
                expectingSubcommand = !sub.subcommands.isEmpty
            } else if word.first?.isLowercase == true && word.allSatisfy({ $0.isLetter || $0 == "-" }) {
                problems.append("no subcommand \(word)")
            }
        }
        return problems
    }

    /// The anchors GitHub gives a Markdown file's headings.
    static func anchors(in text: String) -> Set<String> {
        var result: Set<String> = []
        var fenced = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("```") { fenced.toggle() }
            guard !fenced, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
            let kept = title.unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0) || $0 == " " || $0 == "-" || $0 == "_"
            }
            var anchor = String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-")
            var suffix = 1
            let base = anchor
            while result.contains(anchor) {
                anchor = "\(base)-\(suffix)"
                suffix += 1
            }
            result.insert(anchor)
        }
        return result
    }
}
