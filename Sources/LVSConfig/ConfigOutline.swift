/// The structure of a document's lines, found with the parser's lexer: which lines set which
/// keys, and where each block opens and closes. Lines that do not lex are left out.
struct ConfigOutline {
    /// The global settings, in file order.
    var globals: [OutlineSetting] = []
    /// The top-level blocks, in file order.
    var blocks: [OutlineBlock] = []
    private var kinds: [LineKind] = []
    private var indentations: [String] = []

    enum LineKind {
        case blank
        case comment
        case other
    }

    init(lines: [[UInt8]]) {
        var lexer = ConfigLineLexer()
        var open: OutlineBlock?
        var openChild: OutlineBlock?
        kinds.reserveCapacity(lines.count)
        indentations.reserveCapacity(lines.count)
        for (index, content) in lines.enumerated() {
            let (kind, tokens): (LineKind, [ConfigToken]) = content.withUnsafeBufferPointer { p in
                switch lexer.tokenize(p, from: 0, to: p.count) {
                case .blank: return (.blank, [])
                case .comment: return (.comment, [])
                case .tokens: return (.other, lexer.tokens)
                case .problem: return (.other, [])
                }
            }
            kinds.append(kind)
            let blanks = content.prefix { $0 == 0x20 || $0 == 0x09 }
            indentations.append(String(decoding: blanks, as: UTF8.self))
            guard let first = tokens.first else { continue }
            let firstText = Array(content[first.start..<first.end])
            if !first.isQuoted, firstText == [UInt8(ascii: "}")] {
                if var child = openChild {
                    child.closeLine = index
                    open?.children.append(child)
                    openChild = nil
                } else if var block = open {
                    block.closeLine = index
                    blocks.append(block)
                    open = nil
                }
                continue
            }
            let keyword = first.isQuoted ? "" : String(decoding: firstText, as: UTF8.self)
            if keyword == "virtual" || keyword == "failover" || keyword == "server",
                tokens.count >= 2, !(tokens.count >= 2 && Self.isEquals(tokens[1], content))
            {
                var nameBytes = Array(content[tokens[1].start..<tokens[1].end])
                if tokens.count == 2, !tokens[1].isQuoted, nameBytes.count > 1, nameBytes.last == UInt8(ascii: "{") {
                    nameBytes.removeLast()
                }
                let block = OutlineBlock(
                    keyword: keyword, name: String(decoding: nameBytes, as: UTF8.self), openLine: index)
                if keyword == "server" {
                    if let child = openChild { open?.children.append(child) }
                    openChild = open != nil ? block : nil
                } else {
                    if let child = openChild { open?.children.append(child) }
                    openChild = nil
                    if let unclosed = open { blocks.append(unclosed) }
                    open = block
                }
                continue
            }
            guard tokens.count >= 2, Self.isEquals(tokens[1], content) else { continue }
            let values = tokens.dropFirst(2)
            let setting = OutlineSetting(
                key: keyword,
                line: index,
                values: values.map { Array(content[$0.start..<$0.end]) },
                valueRange: values.isEmpty
                    ? content.count..<content.count
                    : values.first!.writtenStart..<values.last!.writtenEnd,
                firstQuote: values.first?.quote ?? 0)
            if openChild != nil {
                openChild?.settings.append(setting)
            } else if open != nil {
                open?.settings.append(setting)
            } else {
                globals.append(setting)
            }
        }
        if let child = openChild { open?.children.append(child) }
        if let block = open { blocks.append(block) }
    }

    private static func isEquals(_ token: ConfigToken, _ content: [UInt8]) -> Bool {
        !token.isQuoted && token.count == 1 && content[token.start] == UInt8(ascii: "=")
    }

    /// The block a path names (the first, if names repeat).
    func find(_ path: LVSConfigBlockPath) -> OutlineBlock? {
        switch path {
        case .virtual(let name):
            blocks.first { $0.keyword == "virtual" && $0.name == name }
        case .failover(let name):
            blocks.first { $0.keyword == "failover" && $0.name == name }
        case .server(let name, let virtual):
            blocks.first { $0.keyword == "virtual" && $0.name == virtual }?
                .children.first { $0.name == name }
        }
    }

    func indentation(of line: Int) -> String {
        line < indentations.count ? indentations[line] : ""
    }

    func isBlank(_ line: Int) -> Bool {
        line < kinds.count && kinds[line] == .blank
    }

    func isComment(_ line: Int) -> Bool {
        line < kinds.count && kinds[line] == .comment
    }

    /// One level of indentation as the file uses it: a tab, or the spaces before the keys of
    /// top-level blocks (the Piranha GUI used 5); 4 spaces when the file shows none.
    var indentUnit: String {
        for block in blocks {
            for setting in block.settings {
                let own = indentation(of: setting.line)
                let outer = indentation(of: block.openLine)
                if own.hasPrefix(outer), own.count > outer.count {
                    return String(own.dropFirst(outer.count))
                }
            }
        }
        return "    "
    }
}

/// A line that sets a key.
struct OutlineSetting {
    var key: String
    var line: Int
    /// Each value token's text, without quotes.
    var values: [[UInt8]]
    /// The bytes of the line holding the values as written (quotes included).
    var valueRange: Range<Int>
    /// The first value's quote character, or 0.
    var firstQuote: UInt8
}

/// A block: where it opens and closes, its settings and its server blocks.
struct OutlineBlock {
    var keyword: String
    var name: String
    var openLine: Int
    var closeLine: Int?
    var settings: [OutlineSetting] = []
    var children: [OutlineBlock] = []

    init(keyword: String, name: String, openLine: Int) {
        self.keyword = keyword
        self.name = name
        self.openLine = openLine
    }
}

/// Where a key is set: the global section or a block.
enum OutlineSection {
    case globals(ConfigOutline)
    case block(OutlineBlock)

    var settings: [OutlineSetting] {
        switch self {
        case .globals(let o): o.globals
        case .block(let b): b.settings
        }
    }
}
