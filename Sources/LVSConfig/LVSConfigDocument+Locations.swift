/// Where things are in a document, for tools that show a diagnostic beside the setting it is
/// about (the web tool's forms) and list the blocks a file holds.
extension LVSConfigDocument {
    /// What a line of the document is: the block it belongs to (nil for the global section) and
    /// the key it sets (nil for a block's opening or closing line, a comment, a blank line).
    public struct LineOwner: Hashable, Sendable {
        /// The innermost block the line is in, or nil.
        public var block: LVSConfigBlockPath?
        /// The key the line sets, or nil.
        public var key: String?

        /// An owner.
        public init(block: LVSConfigBlockPath?, key: String?) {
            self.block = block
            self.key = key
        }
    }

    /// The blocks in file order: each `virtual` followed by its `server` blocks, then the
    /// `failover` blocks in their place.
    public var blocks: [LVSConfigBlockPath] { blockSummaries.compactMap(\.path) }

    /// A block and the values its own lines set (the last setting of a key wins, as in parsing).
    public struct BlockSummary: Hashable, Sendable {
        /// The block; nil for the global section.
        public var path: LVSConfigBlockPath?
        /// Key → value as ``LVSConfigDocument/value(for:in:)`` gives it.
        public var values: [String: String]
        /// Key → the 1-based number of the line that sets it (the last one).
        public var lines: [String: Int]
    }

    /// Every block with its values, in file order, from one reading of the document (a list of
    /// thousands of blocks must not read it once per value).
    public var blockSummaries: [BlockSummary] {
        var summaries: [BlockSummary] = []
        for block in outline().blocks {
            switch block.keyword {
            case "virtual":
                summaries.append(Self.summary(.virtual(block.name), block.settings))
                for child in block.children {
                    summaries.append(Self.summary(.server(child.name, virtual: block.name), child.settings))
                }
            case "failover":
                summaries.append(Self.summary(.failover(block.name), block.settings))
            default:
                continue
            }
        }
        return summaries
    }

    /// One block's values and lines (nil: the global section), or nil when there is no such block.
    public func summary(of block: LVSConfigBlockPath?) -> BlockSummary? {
        guard let settings = settings(in: block) else { return nil }
        return Self.summary(block, settings)
    }

    private static func summary(_ path: LVSConfigBlockPath?, _ settings: [OutlineSetting]) -> BlockSummary {
        var summary = BlockSummary(path: path, values: [:], lines: [:])
        for setting in settings {
            summary.values[setting.key] = setting.values.map { String(decoding: $0, as: UTF8.self) }
                .joined(separator: " ")
            summary.lines[setting.key] = setting.line + 1
        }
        return summary
    }

    /// The 1-based number of the line that sets `key` (the last one, as parsing reads it), or nil.
    public func lineNumber(of key: String, in block: LVSConfigBlockPath? = nil) -> Int? {
        settings(in: block)?.last { $0.key == key }.map { $0.line + 1 }
    }

    /// The block and key of a 1-based line number (a diagnostic's line).
    public func owner(ofLine number: Int) -> LineOwner {
        Self.owner(ofLine: number, in: outline())
    }

    /// The owners of several lines, reading the document once.
    public func owners(ofLines numbers: [Int]) -> [LineOwner] {
        let o = outline()
        return numbers.map { Self.owner(ofLine: $0, in: o) }
    }

    private static func owner(ofLine number: Int, in o: ConfigOutline) -> LineOwner {
        let index = number - 1
        if let setting = o.globals.first(where: { $0.line == index }) {
            return LineOwner(block: nil, key: setting.key)
        }
        for block in o.blocks {
            guard block.openLine <= index, index <= (block.closeLine ?? Int.max) else { continue }
            let path: LVSConfigBlockPath = block.keyword == "failover" ? .failover(block.name) : .virtual(block.name)
            for child in block.children where child.openLine <= index && index <= (child.closeLine ?? Int.max) {
                let server = LVSConfigBlockPath.server(child.name, virtual: block.name)
                return LineOwner(block: server, key: child.settings.first { $0.line == index }?.key)
            }
            return LineOwner(block: path, key: block.settings.first { $0.line == index }?.key)
        }
        return LineOwner(block: nil, key: nil)
    }
}
