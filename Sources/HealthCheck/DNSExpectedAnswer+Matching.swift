import CheckVocabulary

extension DNSExpectedAnswer {
    /// Whether `data` is this answer.
    public func matches(_ data: DNSRecordData) -> Bool {
        switch (form, data) {
        case (.address(let expected), .address(let address)):
            return expected == address
        case (.name(let expected), .name(let name)):
            return expected == name
        case (.mailExchanger(let preference, let exchange), .mailExchanger(let actualPreference, let actualExchange)):
            return exchange == actualExchange && (preference == nil || preference == actualPreference)
        case (.text(let expected), .text(let strings)):
            return Array(expected.utf8) == Array(strings.joined())
        case (.text(let expected), _):
            return expected == data.description
        default:
            return false
        }
    }
}
