import Addressing

/// A real server named on the command line: `ADDRESS` (every port) or `ADDRESS:PORT`, with IPv6
/// in brackets when a port is given (`[2001:db8::10]:80`).
public struct RealServerSelector: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The real server's address.
    public var address: IPAddress
    /// The port, or `nil` for every port of that address.
    public var port: UInt16?

    /// A selector.
    public init(address: IPAddress, port: UInt16? = nil) {
        self.address = address
        self.port = port
    }

    /// Parses `10.0.1.10`, `10.0.1.10:80`, `2001:db8::10` or `[2001:db8::10]:80`.
    public init?(_ text: String) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                let address = IPv6Address(text[text.index(after: text.startIndex)..<close])
            else { return nil }
            let rest = text[text.index(after: close)...]
            if rest.isEmpty {
                self.init(address: .v6(address))
                return
            }
            guard rest.hasPrefix(":"), let port = Self.port(rest.dropFirst()) else { return nil }
            self.init(address: .v6(address), port: port)
            return
        }
        if let address = IPAddress(text) {
            self.init(address: address)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let address = IPv4Address(text[..<colon]),
            let port = Self.port(text[text.index(after: colon)...])
        else { return nil }
        self.init(address: .v4(address), port: port)
    }

    private static func port(_ text: Substring) -> UInt16? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = UInt16(text), port > 0 else {
            return nil
        }
        return port
    }

    /// Whether the real server `address`:`port` is selected.
    public func matches(address: IPAddress, port: UInt16) -> Bool {
        self.address == address && (self.port == nil || self.port == port)
    }

    /// `10.0.1.10`, `10.0.1.10:80`, `[2001:db8::10]:80`.
    public var description: String {
        guard let port else { return address.description }
        return "\(address.bracketedDescription):\(port)"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let selector = RealServerSelector(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not ADDRESS or ADDRESS:PORT"))
        }
        self = selector
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
