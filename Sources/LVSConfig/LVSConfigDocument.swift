/// An lvs.cf file as an editable document that keeps everything it does not change: comments,
/// blank lines, order, spacing, quotes, line endings (LF or CRLF), even bytes that are not UTF-8.
///
/// Unchanged, `bytes` is the input byte for byte. Setting a value rewrites only the value part
/// of that one line. A new key goes after the other keys of its section (in a block: before
/// the first server block), indented like its neighbours; a new block goes after the last
/// block of its kind, separated by a blank line. Parse the document to check the result.
///
/// ```swift
/// var doc = LVSConfigDocument(bytes: fileBytes)
/// try doc.setValue("rr", for: "scheduler", in: .virtual("www"))
/// try doc.addBlock(.server("rs3", virtual: "www"), settings: [("address", "10.0.1.12"), ("active", "1")])
/// let result = doc.parse(file: path)
/// ```
public struct LVSConfigDocument: Hashable, Sendable {
    /// One physical line: its bytes without the line ending, and the ending.
    struct Line: Hashable, Sendable {
        var content: [UInt8]
        var ending: LineEnding
    }

    enum LineEnding: Hashable, Sendable {
        case lf
        case crlf
        /// The last line of a file that does not end in a newline.
        case noNewline

        var bytes: [UInt8] {
            switch self {
            case .lf: [0x0A]
            case .crlf: [0x0D, 0x0A]
            case .noNewline: []
            }
        }
    }

    var lines: [Line]

    /// Reads a document from the bytes of a file.
    public init(bytes: [UInt8]) {
        var lines: [Line] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                if i > start, bytes[i - 1] == 0x0D {
                    lines.append(Line(content: Array(bytes[start..<(i - 1)]), ending: .crlf))
                } else {
                    lines.append(Line(content: Array(bytes[start..<i]), ending: .lf))
                }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count {
            lines.append(Line(content: Array(bytes[start...]), ending: .noNewline))
        }
        self.lines = lines
    }

    /// Reads a document from text.
    public init(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// The document's bytes, as they would be written to the file.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.content.count + 2 })
        for line in lines {
            out += line.content
            out += line.ending.bytes
        }
        return out
    }

    /// The document as text (bytes that are not UTF-8 are replaced).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Parses the document.
    public func parse(file: String, parser: LVSConfigParser = LVSConfigParser()) -> LVSConfigParseResult {
        parser.parse(bytes, file: file)
    }

    /// Whether the block exists.
    public func contains(_ block: LVSConfigBlockPath) -> Bool {
        outline().find(block) != nil
    }

    /// The value of a key as written (the last setting wins, as in parsing), without quotes;
    /// two-value keys give both values separated by one blank. nil when the key is not set.
    public func value(for key: String, in block: LVSConfigBlockPath? = nil) -> String? {
        guard let s = settings(in: block)?.last(where: { $0.key == key }) else { return nil }
        return s.values.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }

    /// The settings of a block (the global section for nil); nil when there is no such block.
    func settings(in block: LVSConfigBlockPath?) -> [OutlineSetting]? {
        let o = outline()
        guard let block else { return o.globals }
        return o.find(block)?.settings
    }

    // MARK: - Edits

    /// Sets a key, replacing the value of the line that sets it (the last one, if several do),
    /// or adding a line where its section's keys are. `value` is the text of the value; for
    /// `address` in a virtual or failover block and for `nat_router` it is both values,
    /// separated by a blank. Quotes are added when the value needs them.
    public mutating func setValue(_ value: String, for key: String, in block: LVSConfigBlockPath? = nil)
        throws(LVSConfigEditError)
    {
        let operation = "setting \(key) in \(block?.description ?? "the global settings")"
        let configKey = try checkedKey(key, in: block, operation: operation)
        let o = outline()
        let section: OutlineSection
        if let block {
            guard let b = o.find(block) else { throw LVSConfigEditError(operation: operation, reason: .noSuchBlock) }
            section = .block(b)
        } else {
            section = .globals(o)
        }
        let inServiceBlock: Bool = {
            if case .virtual = block { return true }
            if case .failover = block { return true }
            return false
        }()
        if let existing = section.settings.last(where: { $0.key == key }) {
            let text: String
            do {
                text = try ConfigValueFormatter.tokens(
                    for: configKey, value, inServiceBlock: inServiceBlock,
                    preferredQuote: configKey.isText ? existing.firstQuote : 0)
            } catch {
                throw LVSConfigEditError(operation: operation, reason: error)
            }
            var content = lines[existing.line].content
            let replacement = existing.values.isEmpty ? " " + text : text
            content.replaceSubrange(existing.valueRange, with: Array(replacement.utf8))
            lines[existing.line].content = content
            return
        }
        let text: String
        do {
            text = try ConfigValueFormatter.tokens(for: configKey, value, inServiceBlock: inServiceBlock)
        } catch {
            throw LVSConfigEditError(operation: operation, reason: error)
        }
        let (index, indentation) = insertionPoint(for: section, outline: o)
        insert([Array((indentation + "\(key) = \(text)").utf8)], at: index)
    }

    /// Removes every line that sets the key in that place. Returns whether there was one.
    @discardableResult
    public mutating func removeValue(for key: String, in block: LVSConfigBlockPath? = nil) throws(LVSConfigEditError)
        -> Bool
    {
        let operation = "removing \(key) from \(block?.description ?? "the global settings")"
        _ = try checkedKey(key, in: block, operation: operation)
        let o = outline()
        let settings: [OutlineSetting]
        if let block {
            guard let b = o.find(block) else { throw LVSConfigEditError(operation: operation, reason: .noSuchBlock) }
            settings = b.settings
        } else {
            settings = o.globals
        }
        let doomed = Set(settings.filter { $0.key == key }.map(\.line))
        guard !doomed.isEmpty else { return false }
        removeLines(doomed)
        return true
    }

    /// Adds an empty or filled block: a `virtual`/`failover` block after the last block of its
    /// kind (or at the end of the file), a `server` block after the last server of its virtual
    /// (or before the virtual's closing `}`). Each setting is a key and the text of its value.
    public mutating func addBlock(_ block: LVSConfigBlockPath, settings: [(key: String, value: String)] = [])
        throws(LVSConfigEditError)
    {
        let operation = "adding \(block)"
        let o = outline()
        guard o.find(block) == nil else { throw LVSConfigEditError(operation: operation, reason: .blockExists) }
        let nameToken: String
        do {
            nameToken = try ConfigValueFormatter.token(block.name)
        } catch {
            throw LVSConfigEditError(operation: operation, reason: error)
        }
        let unit = o.indentUnit
        var blockIndent = ""
        var settingsIndent: String?
        var index: Int
        var blankBefore = false
        switch block {
        case .virtual, .failover:
            let kind = block.keyword
            let sameKind = o.blocks.filter { $0.keyword == kind }
            if let last = sameKind.last ?? o.blocks.last {
                guard let close = last.closeLine else {
                    throw LVSConfigEditError(operation: operation, reason: .blockNotClosed)
                }
                index = close + 1
                blockIndent = o.indentation(of: last.openLine)
                settingsIndent = last.settings.first.map { o.indentation(of: $0.line) }
            } else {
                index = lines.count
            }
            blankBefore = true
        case .server(_, let virtual):
            guard let parent = o.find(.virtual(virtual)) else {
                throw LVSConfigEditError(operation: operation, reason: .noSuchBlock)
            }
            guard let parentClose = parent.closeLine else {
                throw LVSConfigEditError(operation: operation, reason: .blockNotClosed)
            }
            if let last = parent.children.last {
                guard let close = last.closeLine else {
                    throw LVSConfigEditError(operation: operation, reason: .blockNotClosed)
                }
                index = close + 1
                blockIndent = o.indentation(of: last.openLine)
                settingsIndent = last.settings.first.map { o.indentation(of: $0.line) }
            } else {
                index = parentClose
                blockIndent =
                    parent.settings.last.map { o.indentation(of: $0.line) }
                    ?? (o.indentation(of: parent.openLine) + unit)
            }
        }
        var newLines: [[UInt8]] = []
        if blankBefore, index > 0, !o.isBlank(index - 1) {
            newLines.append([])
        }
        newLines.append(Array("\(blockIndent)\(block.keyword) \(nameToken) {".utf8))
        let inServiceBlock = block.keyword != "server"
        let keyIndent = settingsIndent ?? blockIndent + unit
        for (key, value) in settings {
            let op = "adding \(key) to \(block)"
            let configKey = try checkedKey(key, in: block, operation: op)
            do {
                let text = try ConfigValueFormatter.tokens(for: configKey, value, inServiceBlock: inServiceBlock)
                newLines.append(Array("\(keyIndent)\(key) = \(text)".utf8))
            } catch {
                throw LVSConfigEditError(operation: op, reason: error)
            }
        }
        newLines.append(Array("\(blockIndent)}".utf8))
        insert(newLines, at: index)
    }

    /// Adds a virtual block for a model value, with its server blocks.
    public mutating func addVirtualService(_ service: VirtualService, renderer: LVSConfigRenderer = LVSConfigRenderer())
        throws(LVSConfigEditError)
    {
        try addBlock(.virtual(service.name), settings: renderer.settings(service))
        for server in service.servers {
            try addBlock(.server(server.name, virtual: service.name), settings: renderer.settings(server, in: service))
        }
    }

    /// Adds a server block for a model value to an existing virtual block.
    public mutating func addRealServer(
        _ server: RealServer, toVirtual virtual: String, renderer: LVSConfigRenderer = LVSConfigRenderer()
    ) throws(LVSConfigEditError) {
        let o = outline()
        guard o.find(.virtual(virtual)) != nil else {
            throw LVSConfigEditError(
                operation: "adding \(LVSConfigBlockPath.server(server.name, virtual: virtual))", reason: .noSuchBlock)
        }
        // The server's port is written only when it differs from the virtual's current port.
        var service = VirtualService(name: virtual)
        if let text = value(for: "port", in: .virtual(virtual)), let port = UInt16(text) { service.port = port }
        try addBlock(.server(server.name, virtual: virtual), settings: renderer.settings(server, in: service))
    }

    /// Adds a failover block for a model value.
    public mutating func addFailoverService(
        _ service: FailoverService, renderer: LVSConfigRenderer = LVSConfigRenderer()
    ) throws(LVSConfigEditError) {
        try addBlock(.failover(service.name), settings: renderer.settings(service))
    }

    /// Removes a block, from its opening line to its closing `}`, and one blank line with it
    /// when it stood between two blank lines (or a blank line and the end).
    public mutating func removeBlock(_ block: LVSConfigBlockPath) throws(LVSConfigEditError) {
        let operation = "removing \(block)"
        let o = outline()
        guard let b = o.find(block) else { throw LVSConfigEditError(operation: operation, reason: .noSuchBlock) }
        guard let close = b.closeLine else { throw LVSConfigEditError(operation: operation, reason: .blockNotClosed) }
        var doomed = Set(b.openLine...close)
        if b.openLine > 0, o.isBlank(b.openLine - 1), close + 1 >= lines.count || o.isBlank(close + 1) {
            doomed.insert(b.openLine - 1)
        }
        removeLines(doomed)
    }

    // MARK: - Helpers

    private func checkedKey(_ key: String, in block: LVSConfigBlockPath?, operation: String) throws(LVSConfigEditError)
        -> ConfigKey
    {
        let context: ConfigParseRun.Context
        switch block {
        case nil: context = .global
        case .virtual: context = .virtual
        case .failover: context = .failover
        case .server: context = .server
        }
        guard let k = ConfigKey(rawValue: key), k != .virtual, k != .failover, k != .server, k != .dirs,
            k.isAllowed(in: context)
        else {
            throw LVSConfigEditError(operation: operation, reason: .keyNotAllowed)
        }
        return k
    }

    /// Where a new key of a section goes, and its indentation.
    private func insertionPoint(for section: OutlineSection, outline o: ConfigOutline) -> (Int, String) {
        switch section {
        case .globals:
            let firstBlock = o.blocks.first?.openLine ?? lines.count
            if let last = o.globals.last(where: { $0.line < firstBlock }) ?? o.globals.last {
                return (last.line + 1, o.indentation(of: last.line))
            }
            // No global key yet: before the first block and the comment lines just above it.
            var index = firstBlock
            while index > 0, o.isComment(index - 1) { index -= 1 }
            return (index, "")
        case .block(let b):
            let firstChild = b.children.first?.openLine ?? b.closeLine ?? lines.count
            if let last = b.settings.last(where: { $0.line < firstChild }) {
                return (last.line + 1, o.indentation(of: last.line))
            }
            let indentation =
                b.settings.first.map { o.indentation(of: $0.line) }
                ?? b.children.first.map { o.indentation(of: $0.openLine) }
                ?? (o.indentation(of: b.openLine) + o.indentUnit)
            return (b.openLine + 1, indentation)
        }
    }

    private mutating func insert(_ contents: [[UInt8]], at index: Int) {
        let ending = dominantEnding
        var newLines = contents.map { Line(content: $0, ending: ending) }
        if index == lines.count {
            // Appending: keep "no newline at the end of the file" if that is how it was.
            if let last = lines.last, last.ending == .noNewline {
                lines[lines.count - 1].ending = ending
                newLines[newLines.count - 1].ending = .noNewline
            }
        }
        lines.insert(contentsOf: newLines, at: index)
    }

    private mutating func removeLines(_ doomed: Set<Int>) {
        let hadNoFinalNewline = lines.last?.ending == LineEnding.noNewline
        lines = lines.enumerated().filter { !doomed.contains($0.offset) }.map(\.element)
        if hadNoFinalNewline, let last = lines.indices.last, lines[last].ending != .noNewline {
            lines[last].ending = .noNewline
        }
    }

    /// CRLF when most lines end in CRLF, otherwise LF.
    private var dominantEnding: LineEnding {
        var crlf = 0
        var lf = 0
        for line in lines {
            switch line.ending {
            case .crlf: crlf += 1
            case .lf: lf += 1
            case .noNewline: break
            }
        }
        return crlf > lf ? .crlf : .lf
    }

    func outline() -> ConfigOutline {
        ConfigOutline(lines: lines.map(\.content))
    }
}
