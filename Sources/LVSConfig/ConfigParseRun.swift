import Addressing

/// One parse of one file: walks the lines, keeps track of the open blocks, hands each setting to
/// the handler of its context, and collects every problem instead of stopping at the first.
///
/// A class: as a struct, its whole state (the model, the source map, the open blocks) was copied
/// for many of the 380,000 settings of a large file, a quarter of the parse time.
final class ConfigParseRun {
    /// Where a setting is being read.
    enum Context {
        case global
        case virtual
        case failover
        case server
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let resolver: any NameResolver
    var diagnostics: DiagnosticCollector
    var config = LVSConfig()
    var sources = ConfigSourceMap()
    var lexer = ConfigLineLexer()
    var lineNumber = 0

    /// The open `virtual`/`failover` block, if any.
    var service: ServiceBlockBuilder?
    /// The open `server` block, if any.
    var server: ServerBlockBuilder?

    var virtualNames: [String: Int32] = [:]
    var failoverNames: [String: Int32] = [:]
    /// Server names of the open service block.
    var serverNames: [String: Int32] = [:]
    /// Host names resolved so far (a name used by many services is resolved once).
    var resolvedHosts: [String: [IPAddress]] = [:]

    // Global values that are resolved once the whole file has been read.
    var primaryPrivate: IPAddress?
    var backupPrivate: IPAddress?
    var natRouterAddress: (address: IPAddress, device: String)?
    var natMask: MaskText?

    init(bytes: UnsafeBufferPointer<UInt8>, file: String, resolver: any NameResolver) {
        self.bytes = bytes
        self.resolver = resolver
        self.diagnostics = DiagnosticCollector(file: file)
    }

    /// Reads the whole file, then resolves what depends on all of it and runs the checks.
    func run() {
        if bytes.isEmpty {
            diagnostics.error(.start, "empty configuration: the file has no content")
            return
        }
        var position = 0
        while position < bytes.count {
            lineNumber += 1
            let (contentEnd, next) = ConfigLineLexer.lineBounds(bytes, from: position)
            switch lexer.tokenize(bytes, from: position, to: contentEnd) {
            case .blank, .comment:
                break
            case .tokens:
                if service == nil, let keyword = keepalivedKeyword(lexer.tokens[0]) {
                    // Everything said so far was about a file of the wrong kind: say only that.
                    diagnostics = DiagnosticCollector(file: diagnostics.file)
                    diagnostics.error(
                        location(lexer.tokens[0]),
                        "\(keyword): this looks like keepalived.conf, not lvs.cf (\(keyword) is a keepalived keyword; lvs.cf has settings such as 'primary = ADDRESS' and blocks such as 'virtual NAME {')"
                    )
                    return
                }
                handleLine(lexer.tokens)
            case .problem(let column, let message):
                if let first = lexer.tokens.first, !first.isQuoted {
                    diagnostics.error(
                        SourceLocation(line: lineNumber, column: column), "\(shownBare(first)): \(message)")
                } else {
                    diagnostics.error(SourceLocation(line: lineNumber, column: column), message)
                }
            }
            position = next
        }
        closeOpenBlocksAtEndOfFile()
        finishGlobals()
        var validator = LVSConfigValidator(config: config, sources: sources)
        validator.check(into: &diagnostics)
    }

    /// The top-level words of a keepalived.conf, which no lvs.cf line starts with.
    private static let keepalivedKeywords: Set<String> = [
        "global_defs", "vrrp_instance", "vrrp_sync_group", "vrrp_script", "virtual_server",
        "virtual_server_group", "static_ipaddress", "static_routes", "static_rules", "linkbeat_interfaces",
    ]

    /// `token`'s text when it is one of ``keepalivedKeywords``.
    private func keepalivedKeyword(_ token: ConfigToken) -> String? {
        guard !token.isQuoted, token.count <= 24 else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]), as: UTF8.self)
        return Self.keepalivedKeywords.contains(text) ? text : nil
    }

    var context: Context {
        if server != nil { return .server }
        if let service { return service.kind == .virtual ? .virtual : .failover }
        return .global
    }

    func location(_ token: ConfigToken) -> SourceLocation {
        SourceLocation(line: lineNumber, column: token.column)
    }

    // MARK: - Lines

    private func handleLine(_ tokens: [ConfigToken]) {
        let first = tokens[0]
        if isBare(first, "}") {
            closeBlock(tokens)
            return
        }
        if !first.isQuoted, let key = ConfigKey.lookup(bytes, first.start, first.end),
            key == .virtual || key == .failover || key == .server
        {
            if tokens.count >= 2, isBare(tokens[1], "=") {
                diagnostics.error(
                    location(first),
                    "\(key.name): a block, not a setting: write '\(key.name) NAME {' and close it with '}'")
                return
            }
            openBlock(key, tokens)
            return
        }
        handleSetting(tokens)
    }

    // MARK: - Blocks

    private func openBlock(_ key: ConfigKey, _ tokens: [ConfigToken]) {
        let opening = location(tokens[0])
        let (name, nameToken) = blockHeader(key, tokens)
        switch key {
        case .server:
            if let open = server {
                diagnostics.error(
                    opening,
                    "server: blocks cannot be nested: server '\(open.server.name)' opened on line \(open.source.opening.line) is not closed (missing '}')"
                )
                closeServer()
            }
            var ignored = name == nil
            if let service {
                if let name, let nameToken {
                    if let line = serverNames[name] {
                        diagnostics.error(
                            location(nameToken),
                            "server: duplicate server name '\(name)' in \(service.label) (first defined on line \(line))"
                        )
                    } else {
                        serverNames[name] = Int32(truncatingIfNeeded: lineNumber)
                    }
                }
                if service.kind == .failover {
                    diagnostics.warning(
                        opening, "server: failover services do not use server blocks; this one is ignored")
                    ignored = true
                }
                if self.service?.firstServerLine == nil {
                    self.service?.firstServerLine = Int32(truncatingIfNeeded: lineNumber)
                }
            } else {
                diagnostics.error(opening, "server: a server block must be inside a virtual or failover block")
                ignored = true
            }
            server = ServerBlockBuilder(name: name ?? "", opening: opening, ignored: ignored)
        default:
            let kind: ServiceBlockBuilder.Kind = key == .virtual ? .virtual : .failover
            if let open = service {
                diagnostics.error(
                    opening,
                    "\(kind.rawValue): blocks cannot be nested: \(open.label) opened on line \(open.source.opening.line) is not closed (missing '}')"
                )
                if server != nil { closeServer() }
                closeService()
            }
            if let name, let nameToken {
                let previous = kind == .virtual ? virtualNames[name] : failoverNames[name]
                if let previous {
                    diagnostics.error(
                        location(nameToken),
                        "\(kind.rawValue): duplicate \(kind.rawValue) name '\(name)' (first defined on line \(previous))"
                    )
                } else if kind == .virtual {
                    virtualNames[name] = Int32(truncatingIfNeeded: lineNumber)
                } else {
                    failoverNames[name] = Int32(truncatingIfNeeded: lineNumber)
                }
            }
            serverNames.removeAll(keepingCapacity: true)
            service = ServiceBlockBuilder(kind: kind, name: name ?? "", opening: opening, ignored: name == nil)
        }
    }

    /// Checks `KEYWORD NAME {` and returns the name (nil if there is none usable).
    private func blockHeader(_ key: ConfigKey, _ tokens: [ConfigToken]) -> (String?, ConfigToken?) {
        let keyword = key.name
        guard tokens.count >= 2, !isBare(tokens[1], "{") else {
            diagnostics.error(location(tokens[0]), "\(keyword): missing block name (expected '\(keyword) NAME {')")
            return (nil, nil)
        }
        let nameToken = tokens[1]
        var nameEnd = nameToken.end
        if tokens.count == 2 {
            if !nameToken.isQuoted, nameToken.count > 1, bytes[nameToken.end - 1] == UInt8(ascii: "{") {
                diagnostics.error(
                    SourceLocation(line: lineNumber, column: nameToken.column + nameToken.count - 1),
                    "\(keyword): put a blank between the block name and '{'")
                nameEnd -= 1
            } else {
                diagnostics.error(
                    SourceLocation(
                        line: lineNumber, column: nameToken.column + (nameToken.writtenEnd - nameToken.writtenStart)),
                    "\(keyword): missing '{' after '\(keyword) \(shown(nameToken, quoted: false))'")
            }
        } else if !isBare(tokens[2], "{") {
            diagnostics.error(
                location(tokens[2]),
                "\(keyword): expected '{' after '\(keyword) \(shown(nameToken, quoted: false))', got \(shown(tokens[2]))"
            )
        } else if tokens.count > 3 {
            reportExtra(tokens[3], key: keyword, after: "'{'")
        }
        guard let name = validString(nameToken.start, nameEnd), !nameToken.hasControlByte else {
            diagnostics.error(location(nameToken), "\(keyword): the block name is not valid UTF-8 text")
            return (nil, nil)
        }
        return (name, nameToken)
    }

    private func closeBlock(_ tokens: [ConfigToken]) {
        if tokens.count > 1 {
            reportExtra(tokens[1], key: "}", after: "'}'")
        }
        if server != nil {
            closeServer()
        } else if service != nil {
            closeService()
        } else {
            diagnostics.error(
                location(tokens[0]), "}: no block is open here (one '}' too many, or a block header line is broken)")
        }
    }

    private func closeServer() {
        guard let builder = server else { return }
        server = nil
        if !builder.ignored, service != nil, service?.ignored == false {
            service?.servers.append(builder)
        }
    }

    private func closeService() {
        guard let builder = service else { return }
        service = nil
        finishService(builder)
    }

    private func closeOpenBlocksAtEndOfFile() {
        if let open = server {
            diagnostics.error(
                open.source.opening,
                "server: block '\(open.server.name)' is not closed: missing '}' before the end of the file")
            closeServer()
        }
        if let open = service {
            diagnostics.error(
                open.source.opening,
                "\(open.kind.rawValue): block '\(open.service.name)' is not closed: missing '}' before the end of the file"
            )
            closeService()
        }
    }

    // MARK: - Settings

    private func handleSetting(_ tokens: [ConfigToken]) {
        let keyToken = tokens[0]
        if !keyToken.isQuoted, let equals = firstByte(UInt8(ascii: "="), in: keyToken) {
            let keyText = text(keyToken.start, equals)
            diagnostics.error(
                location(keyToken),
                "\(keyText.isEmpty ? "=" : keyText): '=' must have a blank on each side (write '\(keyText) = VALUE')")
            return
        }
        if tokens.count >= 2, !tokens[1].isQuoted, tokens[1].count > 1, bytes[tokens[1].start] == UInt8(ascii: "=") {
            diagnostics.error(
                location(tokens[1]),
                "\(shownBare(keyToken)): '=' must have a blank on each side (write '\(shownBare(keyToken)) = VALUE')")
            return
        }
        guard !keyToken.isQuoted, let key = ConfigKey.lookup(bytes, keyToken.start, keyToken.end) else {
            reportUnknownKey(keyToken)
            return
        }
        let context = self.context
        guard key.isAllowed(in: context) else {
            reportMisplacedKey(key, keyToken, context)
            return
        }
        guard tokens.count >= 2, isBare(tokens[1], "=") else {
            diagnostics.error(
                location(keyToken), "\(key.name): equal (=) expected after the key (write '\(key.name) = VALUE')")
            return
        }
        let values = tokens[2...]
        let at = location(keyToken)
        switch context {
        case .global:
            if let previous = sources.globals.record(key, at: at) { reportDuplicate(key, previous, at) }
            applyGlobal(key, keyToken, values, tokens[1])
        case .virtual, .failover:
            if let previous = service!.source.record(key, at: at) { reportDuplicate(key, previous, at) }
            applyServiceKey(key, keyToken, values, tokens[1])
        case .server:
            if let previous = server!.source.record(key, at: at) { reportDuplicate(key, previous, at) }
            applyServerKey(key, keyToken, values, tokens[1])
        }
    }

    private func reportDuplicate(_ key: ConfigKey, _ previous: SourceLocation, _ at: SourceLocation) {
        diagnostics.warning(at, "\(key.name): set again; this value replaces the one on line \(previous.line)")
    }

    private func reportUnknownKey(_ token: ConfigToken) {
        // Past the kept diagnostics, count it without looking for a suggestion.
        if diagnostics.isFull { return diagnostics.error(location(token), "") }
        let name = text(token.start, token.end)
        var message = "unknown key '\(name)'"
        if token.isQuoted {
            message += " (keys are written without quotes)"
        } else if let suggestion = ConfigKey.suggestion(for: name, in: context) {
            message += suggestion
        }
        diagnostics.error(location(token), message)
    }

    private func reportMisplacedKey(_ key: ConfigKey, _ token: ConfigToken, _ context: Context) {
        let here: String
        switch context {
        case .global: here = "the global section"
        case .virtual, .failover, .server:
            let owner = server.map { "server '\($0.server.name)'" } ?? service?.label ?? "this block"
            here = owner
        }
        diagnostics.error(location(token), "\(key.name): not allowed in \(here); it belongs in \(key.home)")
    }

    /// Reports an unexpected token after a complete statement.
    func reportExtra(_ token: ConfigToken, key: String, after what: String) {
        if !token.isQuoted, bytes[token.start] == UInt8(ascii: "#") {
            diagnostics.error(
                location(token), "\(key): a comment must start its own line ('#' after \(what) is not a comment)")
        } else {
            diagnostics.error(location(token), "\(key): unexpected \(shown(token)) after \(what)")
        }
    }

    // MARK: - Token text

    func isBare(_ token: ConfigToken, _ literal: StaticString) -> Bool {
        guard !token.isQuoted, token.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for i in 0..<token.count where bytes[token.start + i] != p[i] { return false }
        return true
    }

    func firstByte(_ byte: UInt8, in token: ConfigToken) -> Int? {
        var i = token.start
        while i < token.end {
            if bytes[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// The bytes as text, invalid UTF-8 replaced (for messages).
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The bytes as text, or nil when they are not valid UTF-8.
    func validString(_ start: Int, _ end: Int) -> String? {
        String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// A token for a message: as written, in quotes, shortened when long.
    func shown(_ token: ConfigToken, quoted: Bool = true) -> String {
        let limit = 48
        let start = token.writtenStart
        let end = token.writtenEnd
        var s = text(start, min(end, start + limit))
        if end - start > limit { s += "…" }
        if token.isQuoted || !quoted { return s }
        return "'\(s)'"
    }

    /// A bare token's text for a message prefix.
    func shownBare(_ token: ConfigToken) -> String {
        shown(token, quoted: false)
    }
}
