import Addressing

/// The answer a DNS check requires: one answer record of the asked type must equal it. Addresses
/// compare as addresses (`::1` equals `0:0::1`), names ignore case and a trailing dot, an MX may
/// give the exchange alone (any preference), other types compare as rendered text.
public struct DNSExpectedAnswer: Hashable, Sendable, CustomStringConvertible {
    /// What the answer is, as the check compares it.
    public enum Form: Hashable, Sendable {
        /// An A or AAAA answer.
        case address(IPAddress)
        /// An NS, CNAME or PTR answer.
        case name(DomainName)
        /// An MX answer; any preference when nil.
        case mailExchanger(preference: UInt16?, exchange: DomainName)
        /// Any other type's answer, as rendered text.
        case text(String)
    }

    /// The answer as compared.
    public let form: Form
    /// The text as given.
    public let text: String

    /// Parses `text` as an answer of `type`: an IPv4 address for A, IPv6 for AAAA, a name for
    /// NS, CNAME and PTR, `[preference] name` for MX, text otherwise.
    public init(parsing text: String, for type: DNSRecordType) throws(DNSSettingError) {
        self.text = text
        func name(_ part: String) throws(DNSSettingError) -> DomainName {
            do {
                return try DomainName(parsing: part)
            } catch {
                throw .invalidExpectedAnswer(text, type: type, reason: error.description)
            }
        }
        switch type {
        case .a:
            guard let address = IPAddress(text), address.family == .inet else {
                throw .invalidExpectedAnswer(text, type: type, reason: "not an IPv4 address")
            }
            form = .address(address)
        case .aaaa:
            guard let address = IPAddress(text), address.family == .inet6 else {
                throw .invalidExpectedAnswer(text, type: type, reason: "not an IPv6 address")
            }
            form = .address(address)
        case .ns, .cname, .ptr:
            form = .name(try name(text))
        case .mx:
            let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            switch parts.count {
            case 1:
                form = .mailExchanger(preference: nil, exchange: try name(parts[0]))
            case 2:
                guard parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), let preference = UInt16(parts[0]) else {
                    throw .invalidExpectedAnswer(text, type: type, reason: "preference \"\(parts[0])\" is not 0-65535")
                }
                form = .mailExchanger(preference: preference, exchange: try name(parts[1]))
            default:
                throw .invalidExpectedAnswer(text, type: type, reason: "expected \"preference name\" or \"name\"")
            }
        default:
            guard !text.isEmpty else { throw .invalidExpectedAnswer(text, type: type, reason: "empty") }
            form = .text(text)
        }
    }

    public var description: String {
        switch form {
        case .address(let address): address.description
        case .name(let name): name.description
        case .mailExchanger(let preference?, let exchange): "\(preference) \(exchange)"
        case .mailExchanger(nil, let exchange): exchange.description
        case .text(let text): text
        }
    }
}
