import CheckVocabulary
import Testing

@Suite struct HTTPStatusRangesTests {
    static let good: [(text: String, canonical: String, accepted: [Int], refused: [Int])] = [
        ("200-299", "200-299", [200, 250, 299], [199, 300]),
        ("200", "200", [200], [201]),
        ("200,204", "200,204", [200, 204], [201, 203]),
        ("200 301-302", "200,301-302", [200, 301, 302], [300, 303]),
        ("2xx", "200-299", [200, 299], [300]),
        ("3XX", "300-399", [301], [299, 400]),
        ("2xx,304", "200-299,304", [204, 304], [301]),
        ("204, 2xx", "200-299", [204], [300]),
        ("200-204,205-210", "200-210", [200, 205, 210], [211]),
        ("301-302 , 200", "200,301-302", [200, 302], [303]),
        ("  200\t", "200", [200], [100]),
        ("100-599", "100-599", [100, 599], [99, 600]),
    ]

    @Test(arguments: good)
    func parsesAndPrintsCanonically(_ example: (text: String, canonical: String, accepted: [Int], refused: [Int]))
        throws
    {
        let ranges = try HTTPStatusRanges(parsing: example.text)
        #expect(ranges.description == example.canonical)
        for status in example.accepted { #expect(ranges.contains(status), "\(status) in \(example.text)") }
        for status in example.refused { #expect(!ranges.contains(status), "\(status) in \(example.text)") }
        // The canonical text parses back to the same ranges.
        #expect(try HTTPStatusRanges(parsing: ranges.description) == ranges)
    }

    static let bad: [(text: String, message: String)] = [
        ("", "bad HTTP status codes \"\": no status code given"),
        (" , ", "bad HTTP status codes \" , \": no status code given"),
        ("20", "bad HTTP status codes \"20\": not a 3-digit status code"),
        ("200,abc", "bad HTTP status codes \"200,abc\": \"abc\": not a 3-digit status code"),
        ("200-", "bad HTTP status codes \"200-\": a range is two 3-digit codes, like 200-299"),
        ("299-200", "bad HTTP status codes \"299-200\": the range runs backwards"),
        ("200-250-299", "bad HTTP status codes \"200-250-299\": a range has one dash"),
        ("200,600", "bad HTTP status codes \"200,600\": \"600\": status codes run from 100 to 599"),
        ("099", "bad HTTP status codes \"099\": status codes run from 100 to 599"),
        ("6xx", "bad HTTP status codes \"6xx\": a class is 1xx to 5xx"),
        ("200;204", "bad HTTP status codes \"200;204\": not a 3-digit status code"),
        ("+200", "bad HTTP status codes \"+200\": not a 3-digit status code"),
    ]

    @Test(arguments: bad)
    func badTextIsRefusedNamingThePart(_ example: (text: String, message: String)) {
        #expect {
            _ = try HTTPStatusRanges(parsing: example.text)
        } throws: { error in
            "\(error)" == example.message
        }
    }

    @Test func defaultIsTheSuccessfulClass() throws {
        #expect(HTTPStatusRanges.successful.description == "200-299")
        #expect(try HTTPStatusRanges([200...299]) == .successful)
        #expect(throws: HTTPStatusRangesError.self) { try HTTPStatusRanges([]) }
        #expect(throws: HTTPStatusRangesError.self) { try HTTPStatusRanges([200...600]) }
    }
}
