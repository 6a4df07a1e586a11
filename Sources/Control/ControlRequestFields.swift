import FoundationEssentials

/// The fields of one request line, read strictly: a JSON object with a string `command` and
/// optional string fields; anything else is an error that names it.
struct ControlRequestFields {
    let command: String
    let fields: [String: String]

    init(line: [UInt8], allowed: Set<String>) throws(ControlRequestError) {
        let dictionary: [String: FieldValue]
        do {
            dictionary = try JSONDecoder().decode([String: FieldValue].self, from: Data(line))
        } catch DecodingError.typeMismatch {
            throw ControlRequestError("request is not a JSON object (expected {\"command\": …})")
        } catch {
            throw ControlRequestError(
                "request is not valid JSON (expected one object per line, like {\"command\":\"status\"})")
        }
        guard let commandValue = dictionary["command"] else {
            throw ControlRequestError("request has no \"command\"")
        }
        guard case .string(let command) = commandValue else {
            throw ControlRequestError("\"command\" must be a string")
        }
        var fields: [String: String] = [:]
        for (key, value) in dictionary where key != "command" {
            guard allowed.contains(key) else {
                throw ControlRequestError("\(command): unknown field \"\(key)\"")
            }
            guard case .string(let text) = value else {
                throw ControlRequestError("\(command): \"\(key)\" must be a string")
            }
            fields[key] = text
        }
        self.command = command
        self.fields = fields
    }

    func noFields() throws(ControlRequestError) {
        if let key = fields.keys.sorted().first {
            throw ControlRequestError("\(command) takes no \"\(key)\"")
        }
    }

    func target() throws(ControlRequestError) -> RealServerSelector {
        guard let text = fields["target"] else {
            throw ControlRequestError("\(command) needs a \"target\": a real server as ADDRESS or ADDRESS:PORT")
        }
        guard let selector = RealServerSelector(text) else {
            throw ControlRequestError("\(command): \"\(text)\" is not ADDRESS or ADDRESS:PORT")
        }
        return selector
    }
}

/// One value of a request object: only strings are meaningful; anything else is named as wrong.
private enum FieldValue: Decodable {
    case string(String)
    case notString

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            self = .notString
        }
    }
}
