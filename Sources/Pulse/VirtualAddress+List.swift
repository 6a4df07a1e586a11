import Interfaces

extension [VirtualAddress] {
    /// The addresses for a log line, `none` when there are none.
    var listText: String { isEmpty ? "none" : map(\.description).joined(separator: ", ") }
}
