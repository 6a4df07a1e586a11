import Foundation

/// The fields of one request line, read strictly: a JSON object with a string `command` and
/// optional string fields; anything else is an error that names it.
struct ControlRequestFields {
    let command: String
    let fields: [String: String]

    init(line: [UInt8], allowed: Set<String>) throws(ControlRequestError) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line), options: [])
        } catch {
            throw ControlRequestError("request is not valid JSON (expected one object per line, like {\"command\":\"status\"})")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ControlRequestError("request is not a JSON object (expected {\"command\": …})")
        }
        guard let commandValue = dictionary["command"] else {
            throw ControlRequestError("request has no \"command\"")
        }
        guard let command = commandValue as? String else {
            throw ControlRequestError("\"command\" must be a string")
        }
        var fields: [String: String] = [:]
        for (key, value) in dictionary where key != "command" {
            guard allowed.contains(key) else {
                throw ControlRequestError("\(command): unknown field \"\(key)\"")
            }
            guard let text = value as? String else {
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
