import Foundation
import LVSTestKit
import Testing

/// The README and docs/ against the programs: every command line they show (in a code block or a
/// code span) that starts with one of the suite's programs or scripts names only subcommands and
/// options that program accepts; every relative link resolves, anchors included; the README stays
/// an entry point.
@Suite struct DocumentationTests {
    static let repository = String(#filePath.split(separator: "/Tests/IntegrationTests/")[0])
    static let programs = ["pulse", "lvsd", "nanny", "fos", "send_arp", "lvsadm", "lvsctl", "lvsweb"]
    static let scripts = [
        "scripts/demo", "scripts/test", "scripts/install", "scripts/package", "scripts/vm", "scripts/fuzz",
    ]

    /// README.md and every page under docs/, as (path relative to the repository, text).
    static func documents() throws -> [(path: String, text: String)] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: repository + "/docs")
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        return try (["README.md"] + docs).map {
            ($0, try String(contentsOfFile: repository + "/" + $0, encoding: .utf8))
        }
    }

    @Test func theReadmeIsAnEntryPoint() throws {
        let readme = try String(contentsOfFile: Self.repository + "/README.md", encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines <= 200, "README.md has \(lines) lines; the rest belongs in docs/")
        for page in ["configuration", "operations", "migrating-from-piranha", "testing", "benchmarks", "architecture"] {
            #expect(readme.contains("docs/\(page).md"), "README.md does not link docs/\(page).md")
        }
    }

    @Test func everyCommandLineNamesOnlyWhatTheProgramAccepts() throws {
        var vocabularies: [String: ProgramVocabulary] = [:]
        for name in Self.programs + Self.scripts {
            vocabularies[name] = try ProgramVocabulary.load(name, repository: Self.repository)
        }
        var checked = 0
        for document in try Self.documents() {
            for (line, command) in DocumentationCommands.commandLines(in: document.text) {
                guard let words = DocumentationCommands.programWords(command, programs: Self.programs + Self.scripts),
                    let vocabulary = vocabularies[words.program]
                else { continue }
                checked += 1
                let problems = DocumentationCommands.problems(words.arguments, vocabulary)
                #expect(problems.isEmpty, "\(document.path):\(line): `\(command)`: \(problems.joined(separator: "; "))")
            }
        }
        // The docs show the programs at work; finding almost none means the extraction broke.
        #expect(checked >= 40, "only \(checked) command lines found in README.md and docs/")
    }

    @Test func everyRelativeLinkResolves() throws {
        let link = try NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        var checked = 0
        for document in try Self.documents() {
            let text = document.text
            for match in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let r = Range(match.range(at: 1), in: text) else { continue }
                let target = String(text[r])
                if target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") {
                    continue
                }
                checked += 1
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(
                    String.init)
                let directory = (document.path as NSString).deletingLastPathComponent
                let file =
                    parts[0].isEmpty
                    ? document.path
                    : ((directory as NSString).appendingPathComponent(parts[0]) as NSString).standardizingPath
                let path = Self.repository + "/" + file
                #expect(
                    FileManager.default.fileExists(atPath: path),
                    "\(document.path): link \(target): \(file) does not exist")
                if parts.count == 2, file.hasSuffix(".md"),
                    let linked = try? String(contentsOfFile: path, encoding: .utf8)
                {
                    #expect(
                        DocumentationCommands.anchors(in: linked).contains(parts[1]),
                        "\(document.path): link \(target): \(file) has no heading with anchor #\(parts[1])")
                }
            }
        }
        #expect(checked >= 10, "only \(checked) relative links found")
    }
}
