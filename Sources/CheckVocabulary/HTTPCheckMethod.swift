/// The request method of an HTTP check (lvs.cf `http_method`).
public enum HTTPCheckMethod: String, CaseIterable, Hashable, Sendable, Codable {
    /// GET: the body comes back and can be checked.
    case get = "GET"
    /// HEAD: headers only; cheaper, but `http_regex` and `http_digest` cannot apply.
    case head = "HEAD"
}
