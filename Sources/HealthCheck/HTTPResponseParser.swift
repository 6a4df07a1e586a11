/// Reads an HTTP/1.x response from bytes fed in pieces of any size: the status line, the header
/// fields (at most ``headerLimit`` bytes), then the body framed by `Content-Length`, by chunked
/// transfer coding, or by the end of the stream. Interim 1xx responses are skipped.
///
/// It keeps the first ``bodyKeepLimit`` bytes of the body (for a regular expression) and can hash
/// the whole body as it passes (for an expected digest), so a body of any length costs no more
/// memory than that. No I/O: the caller feeds what it reads and calls ``finish()`` at the end of
/// the stream.
public final class HTTPResponseParser {
    /// How far the response is.
    public enum Progress: Equatable, Sendable {
        /// Not complete yet: feed more.
        case needMore
        /// The whole response has arrived.
        case complete(HTTPResponse)
        /// It is not an HTTP response, or it broke off; why.
        case malformed(String)
    }

    /// How many bytes the status line and header fields (and a chunked body's trailer) may take.
    public static let headerLimit = 16 * 1024
    /// How many bytes of the body are kept.
    public static let bodyKeepLimit = 64 * 1024
    /// How long a chunk-size line may be.
    static let chunkLineLimit = 1024

    private enum Framing {
        case noBody
        case length(Int)
        case chunked
        case untilClose
    }

    private enum State {
        case head
        case fixedBody(remaining: Int)
        case bodyUntilClose
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailer
        case finished(Progress)
    }

    private let expectsBody: Bool
    private let bodyKeepLimit: Int
    private var hasher: MD5Hasher?
    private var state = State.head
    private var head: [UInt8] = []
    private var line: [UInt8] = []
    private var trailerBytes = 0
    private var status = 0
    private var reason = ""
    private var headers: [(name: String, value: String)] = []
    private var bodyPrefix: [UInt8] = []

    /// How many bytes have been fed.
    public private(set) var receivedBytes = 0
    /// Whether the status line and header fields are complete.
    public private(set) var headersComplete = false
    /// How many body bytes have arrived (without chunked framing).
    public private(set) var bodyReceived = 0
    /// The body's announced length (`Content-Length`), once the headers are complete.
    public private(set) var bodyExpected: Int?

    /// A parser for the response to a request; `headRequest`: the response to HEAD has no body.
    /// `digest`: hash the body with MD5. `bodyKeepLimit`: how much of the body to keep.
    public init(headRequest: Bool = false, digest: Bool = false, bodyKeepLimit: Int = HTTPResponseParser.bodyKeepLimit)
    {
        expectsBody = !headRequest
        self.bodyKeepLimit = bodyKeepLimit
        hasher = digest ? MD5Hasher() : nil
    }

    /// Takes the next bytes of the stream.
    public func feed(_ bytes: some Collection<UInt8>) -> Progress {
        let bytes = Array(bytes)
        receivedBytes += bytes.count
        var index = 0
        // Each turn consumes at least one byte or finishes, so the loop ends within bytes.count + 1.
        while true {
            if case .finished(let progress) = state { return progress }
            if index >= bytes.count { return .needMore }
            switch state {
            case .head:
                head.append(bytes[index])
                index += 1
                if endsHead() {
                    startBody()
                } else if head.count > Self.headerLimit {
                    fail("the headers are longer than \(Self.headerLimit) bytes")
                }
            case .fixedBody(let remaining):
                let count = min(remaining, bytes.count - index)
                addBody(bytes[index..<index + count])
                index += count
                if remaining == count { complete() } else { state = .fixedBody(remaining: remaining - count) }
            case .bodyUntilClose:
                addBody(bytes[index...])
                index = bytes.count
            case .chunkSize:
                if let text = takeLine(from: bytes, at: &index, limit: Self.chunkLineLimit, what: "a chunk-size line") {
                    chunkSizeLine(text)
                }
            case .chunkData(let remaining):
                let count = min(remaining, bytes.count - index)
                addBody(bytes[index..<index + count])
                index += count
                state = remaining == count ? .chunkDataEnd : .chunkData(remaining: remaining - count)
            case .chunkDataEnd:
                if let text = takeLine(from: bytes, at: &index, limit: Self.chunkLineLimit, what: "a chunk's end") {
                    if text.isEmpty { state = .chunkSize } else { fail("a chunk is longer than its size") }
                }
            case .trailer:
                let limit = Self.headerLimit - trailerBytes
                if let text = takeLine(from: bytes, at: &index, limit: limit, what: "the trailer") {
                    trailerBytes += text.count + 2
                    if text.isEmpty { complete() }
                }
            case .finished:
                break
            }
        }
    }

    /// Takes the end of the stream: completes a body that runs until the close, or says what
    /// was cut short.
    public func finish() -> Progress {
        switch state {
        case .finished(let progress):
            return progress
        case .bodyUntilClose:
            complete()
        case .head:
            fail(
                receivedBytes == 0
                    ? "the connection closed without a response"
                    : "the connection closed inside the headers, after \(receivedBytes) bytes")
        case .fixedBody:
            fail("the connection closed after \(bodyReceived) of \(bodyExpected ?? 0) body bytes")
        case .chunkSize, .chunkData, .chunkDataEnd, .trailer:
            fail("the connection closed inside the chunked body, after \(bodyReceived) body bytes")
        }
        if case .finished(let progress) = state { return progress }
        return .needMore
    }

    /// How far the response got, for a timeout's text: `no bytes received`, `headers incomplete,
    /// 57 bytes received`, `headers received, body 12 of 100 bytes`, `headers received, body 12
    /// bytes so far`.
    public var progressDescription: String {
        if receivedBytes == 0 { return "no bytes received" }
        if !headersComplete { return "headers incomplete, \(receivedBytes) bytes received" }
        if let bodyExpected { return "headers received, body \(bodyReceived) of \(bodyExpected) bytes" }
        return "headers received, body \(bodyReceived) bytes so far"
    }

    // MARK: - Head

    /// Whether `head` ends with an empty line (LF LF or LF CR LF).
    private func endsHead() -> Bool {
        guard head.last == UInt8(ascii: "\n"), head.count >= 2 else { return false }
        let before = head[head.count - 2]
        if before == UInt8(ascii: "\n") { return true }
        return before == UInt8(ascii: "\r") && head.count >= 3 && head[head.count - 3] == UInt8(ascii: "\n")
    }

    private func startBody() {
        var lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        head = []
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let statusLine = lines.first else { return fail("the status line is empty") }
        guard parseStatusLine(statusLine) else { return }
        headers = []
        for fieldLine in lines.dropFirst() {
            guard parseField(fieldLine) else { return }
        }
        // An interim response (100 Continue, 103 Early Hints): the real one follows.
        if (100...199).contains(status) && status != 101 { return }
        headersComplete = true
        switch framing() {
        case .noBody: complete()
        case .length(0): bodyExpected = 0; complete()
        case .length(let length): bodyExpected = length; state = .fixedBody(remaining: length)
        case .chunked: state = .chunkSize
        case .untilClose: state = .bodyUntilClose
        case nil: return
        }
    }

    private func parseStatusLine(_ line: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: line, as: UTF8.self)
        let bytes = Array(line)
        func isDigit(_ index: Int) -> Bool {
            index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
        }
        // HTTP/d.d SP ddd [SP reason]
        guard bytes.count >= 12, bytes.starts(with: Array("HTTP/".utf8)), isDigit(5), bytes[6] == UInt8(ascii: "."),
            isDigit(7), bytes[8] == UInt8(ascii: " "), isDigit(9), isDigit(10), isDigit(11),
            bytes.count == 12 || bytes[12] == UInt8(ascii: " ")
        else {
            fail("the status line \"\(CheckEscapes.printable(bytes.prefix(80)))\" is not HTTP/1.x")
            return false
        }
        status = Int(String(decoding: bytes[9...11], as: UTF8.self))!
        reason = bytes.count > 13 ? String(text.dropFirst(13)) : ""
        guard status >= 100 else {
            fail("the status code \(status) is below 100")
            return false
        }
        return true
    }

    private func parseField(_ line: ArraySlice<UInt8>) -> Bool {
        if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            // Obsolete line folding: the line continues the previous field's value.
            guard !headers.isEmpty else {
                fail("the first header line \"\(CheckEscapes.printable(line.prefix(80)))\" starts with a blank")
                return false
            }
            headers[headers.count - 1].value += " " + trimmed(line)
            return true
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
            !line[..<colon].contains(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        else {
            fail("the header line \"\(CheckEscapes.printable(line.prefix(80)))\" is not \"name: value\"")
            return false
        }
        headers.append((String(decoding: line[..<colon], as: UTF8.self), trimmed(line[(colon + 1)...])))
        return true
    }

    private func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// How the body is framed, or nil (after failing) when the headers contradict each other.
    private func framing() -> Framing? {
        if !expectsBody || status == 204 || status == 304 || (100...199).contains(status) { return .noBody }
        let values = { (name: String) in self.headers.filter { $0.name.lowercased() == name }.map(\.value) }
        let codings = values("transfer-encoding").flatMap { $0.split(separator: ",") }
            .map { $0.trimmingBlanks().lowercased() }
        if let last = codings.last {
            // Any other last coding leaves the end of the stream as the only frame.
            return last == "chunked" ? .chunked : .untilClose
        }
        let lengths = values("content-length").flatMap { $0.split(separator: ",") }.map { $0.trimmingBlanks() }
        guard let first = lengths.first else { return .untilClose }
        guard first.count <= 18, first.allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(first) else {
            fail("Content-Length \"\(first)\" is not a number")
            return nil
        }
        guard lengths.allSatisfy({ $0 == first }) else {
            fail("conflicting Content-Length values \(lengths.joined(separator: ", "))")
            return nil
        }
        return .length(length)
    }

    // MARK: - Body

    private func addBody(_ bytes: ArraySlice<UInt8>) {
        bodyReceived += bytes.count
        hasher?.update(bytes)
        if bodyPrefix.count < bodyKeepLimit {
            bodyPrefix += bytes.prefix(bodyKeepLimit - bodyPrefix.count)
        }
    }

    /// Collects a CRLF- or LF-ended line; returns it without the ending once complete.
    private func takeLine(from bytes: [UInt8], at index: inout Int, limit: Int, what: String) -> [UInt8]? {
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\n") {
                defer { line = [] }
                return line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : line
            }
            line.append(byte)
            if line.count > limit {
                fail("\(what) is longer than \(limit) bytes")
                return nil
            }
        }
        return nil
    }

    private func chunkSizeLine(_ text: [UInt8]) {
        let sizeText = String(decoding: text.prefix(while: { $0 != UInt8(ascii: ";") }), as: UTF8.self)
            .trimmingBlanks()
        guard !sizeText.isEmpty, sizeText.count <= 15, sizeText.allSatisfy(\.isHexDigit),
            let size = Int(sizeText, radix: 16)
        else {
            return fail("the chunk size \"\(CheckEscapes.printable(text.prefix(80)))\" is not a hexadecimal number")
        }
        state = size == 0 ? .trailer : .chunkData(remaining: size)
    }

    private func complete() {
        let response = HTTPResponse(
            status: status, reason: reason, headers: headers, bodyLength: bodyReceived, bodyPrefix: bodyPrefix,
            bodyMD5: hasher?.finish())
        state = .finished(.complete(response))
    }

    private func fail(_ reason: String) {
        state = .finished(.malformed(reason))
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate func trimmingBlanks() -> String {
        let isBlank = { (character: Character) in character == " " || character == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
