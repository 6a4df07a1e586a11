// Codable conformances: every address type encodes as its conventional text (what `description`
// prints) and decodes from the text its parser accepts, so JSON stays readable.

extension IPv4Address: Codable {
    /// Decodes a strict dotted quad.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let a = IPv4Address(text) else { throw addressingDecodingError(decoder, "IPv4 address", text) }
        self = a
    }

    /// Encodes the dotted quad.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension IPv6Address: Codable {
    /// Decodes any form `inet_pton(AF_INET6)` accepts.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let a = IPv6Address(text) else { throw addressingDecodingError(decoder, "IPv6 address", text) }
        self = a
    }

    /// Encodes the `inet_ntop` text.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension IPAddress: Codable {
    /// Decodes a dotted quad or an IPv6 address.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let a = IPAddress(text) else { throw addressingDecodingError(decoder, "IP address", text) }
        self = a
    }

    /// Encodes the conventional text, without brackets.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension MACAddress: Codable {
    /// Decodes any form `init?(_:)` accepts.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let a = MACAddress(text) else { throw addressingDecodingError(decoder, "MAC address", text) }
        self = a
    }

    /// Encodes lower-case colon-separated text.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension IPv4Netmask: Codable {
    /// Decodes a dotted, contiguous mask such as `255.255.255.0`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let a = IPv4Address(text), let m = IPv4Netmask(a) else {
            throw addressingDecodingError(decoder, "IPv4 netmask", text)
        }
        self = m
    }

    /// Encodes the dotted mask.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

private func addressingDecodingError(_ decoder: any Decoder, _ what: String, _ text: String) -> DecodingError {
    .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid \(what): \(text)"))
}
