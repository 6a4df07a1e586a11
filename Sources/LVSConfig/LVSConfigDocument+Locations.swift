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
    public var blocks: [LVSConfigBlockPath] {
        var paths: [LVSConfigBlockPath] = []
        for block in outline().blocks {
            switch block.keyword {
            case "virtual":
                paths.append(.virtual(block.name))
                for child in block.children { paths.append(.server(child.name, virtual: block.name)) }
            case "failover":
                paths.append(.failover(block.name))
            default:
                continue
            }
        }
        return paths
    }

    /// The 1-based number of the line that sets `key` (the last one, as parsing reads it), or nil.
    public func lineNumber(of key: String, in block: LVSConfigBlockPath? = nil) -> Int? {
        settings(in: block)?.last { $0.key == key }.map { $0.line + 1 }
    }

    /// The block and key of a 1-based line number (a diagnostic's line).
    public func owner(ofLine number: Int) -> LineOwner {
        let index = number - 1
        let o = outline()
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
