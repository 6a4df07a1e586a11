extension ProtocolCheckSettings {
    /// One setting, by its name: nanny's flag is `--` and the name (`--http-path`); lvs.cf's key is
    /// the name with underscores (`http_path`).
    public enum Field: String, CaseIterable, Sendable {
        case httpMethod = "http-method"
        case httpPath = "http-path"
        case httpHost = "http-host"
        case httpStatus = "http-status"
        case httpRegex = "http-regex"
        case httpDigest = "http-digest"
        case tlsServerName = "tls-server-name"
        case tlsCAFile = "tls-ca-file"
        case dnsName = "dns-name"
        case dnsType = "dns-type"
        case dnsRcode = "dns-rcode"
        case dnsAnswer = "dns-answer"
        case smtpHelo = "smtp-helo"

        /// What a value must look like, for messages.
        public var expectation: String {
            switch self {
            case .httpMethod: "GET or HEAD"
            case .httpPath: "a path starting with /, such as /health"
            case .httpHost, .tlsServerName, .smtpHelo: "a host name, such as www.example.com"
            case .httpStatus: "status codes and ranges, such as 200-299 or \"200 301-302\""
            case .httpRegex: "a POSIX extended regular expression"
            case .httpDigest: "an MD5 digest: 32 hexadecimal digits"
            case .tlsCAFile: "an absolute path"
            case .dnsName: "a domain name, such as www.example.com"
            case .dnsType: "a record type such as A, AAAA, SOA, MX or TXT"
            case .dnsRcode: "a response code such as NOERROR or NXDOMAIN"
            case .dnsAnswer: "an answer, such as 192.0.2.10"
            }
        }
    }

    /// A value refused by ``set(_:to:)``.
    public struct ValueError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong with the value, when there is more to say than what was expected.
        public let problem: String?
        /// What the value should look like.
        public let expectation: String

        /// The message, with the value as the caller shows values (`'x'` in lvs.cf, `"x"` for nanny).
        public func message(value shown: String) -> String {
            problem ?? "expected \(expectation), got \(shown)"
        }

        public var description: String { problem ?? "expected \(expectation)" }
    }

    /// Sets `field` from its text, or says why the text cannot be it.
    public mutating func set(_ field: Field, to text: String) throws(ValueError) {
        func refuse(_ why: String? = nil) -> ValueError {
            ValueError(problem: why, expectation: field.expectation)
        }
        let blank = text.isEmpty || text.contains { $0 == " " || $0 == "\t" || $0.isNewline }
        switch field {
        case .httpMethod:
            guard let method = HTTPCheckMethod(rawValue: text.uppercased()) else { throw refuse() }
            httpMethod = method
        case .httpPath:
            guard text.hasPrefix("/"), !blank else { throw refuse() }
            httpPath = text
        case .httpHost, .tlsServerName, .smtpHelo:
            guard !blank else { throw refuse() }
            if field == .httpHost {
                httpHost = text
            } else if field == .tlsServerName {
                tlsServerName = text
            } else {
                smtpHelo = text
            }
        case .httpStatus:
            do {
                httpStatus = try HTTPStatusRanges(parsing: text)
            } catch {
                throw refuse(error.part.isEmpty ? error.reason : "\(error.part): \(error.reason)")
            }
        case .httpRegex:
            guard !text.isEmpty else { throw refuse() }
            httpRegex = text
        case .httpDigest:
            guard text.utf8.count == 32, text.allSatisfy(\.isHexDigit) else { throw refuse() }
            httpDigest = text.lowercased()
        case .tlsCAFile:
            guard text.hasPrefix("/") else { throw refuse() }
            tlsCAFile = text
        case .dnsName:
            do { _ = try DomainName(parsing: text) } catch { throw refuse(error.reason) }
            dnsName = text
        case .dnsType:
            guard let type = DNSRecordType(text: text) else { throw refuse() }
            dnsType = type
        case .dnsRcode:
            guard let code = DNSResponseCode(text: text) else { throw refuse() }
            dnsRcode = code
        case .dnsAnswer:
            guard !text.isEmpty else { throw refuse() }
            dnsAnswer = text
        }
    }

    /// The settings that are set, as field and text (``set(_:to:)`` reads them back), in
    /// ``Field`` order. `tls_verify` is a flag of its own and not among them.
    public var fields: [(field: Field, value: String)] {
        let all: [(Field, String?)] = [
            (.httpMethod, httpMethod?.rawValue), (.httpPath, httpPath), (.httpHost, httpHost),
            (.httpStatus, httpStatus?.description), (.httpRegex, httpRegex), (.httpDigest, httpDigest),
            (.tlsServerName, tlsServerName), (.tlsCAFile, tlsCAFile), (.dnsName, dnsName),
            (.dnsType, dnsType?.description), (.dnsRcode, dnsRcode?.description), (.dnsAnswer, dnsAnswer),
            (.smtpHelo, smtpHelo),
        ]
        return all.compactMap { field, value in value.map { (field, $0) } }
    }
}
