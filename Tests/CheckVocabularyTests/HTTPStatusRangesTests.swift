import CheckVocabulary
import Testing

@Suite struct HTTPStatusRangesTests {
    @Test(arguments: [
        ("200-299", "200-299"),
        ("200", "200"),
        ("200,204", "200,204"),
        ("200 301-302", "200,301-302"),
        ("3xx", "300-399"),
        ("2XX, 3xx", "200-399"),
        ("204,200-203", "200-204"),
        ("500-599 200", "200,500-599"),
    ])
    func parsesAndPrintsCanonically(text: String, canonical: String) throws {
        let ranges = try HTTPStatusRanges.parse(text).get()
        #expect(ranges.description == canonical)
    }

    @Test(arguments: [
        ("", "no status code given (such as 200-299)"),
        ("20", "'20' is not a status code 100-599, a range such as 200-299 or a class such as 2xx"),
        ("299-200", "'299-200' is not a status code 100-599, a range such as 200-299 or a class such as 2xx"),
        ("600", "'600' is not a status code 100-599, a range such as 200-299 or a class such as 2xx"),
        ("6xx", "'6xx' is not a status code 100-599, a range such as 200-299 or a class such as 2xx"),
        ("200-", "'200-' is not a status code 100-599, a range such as 200-299 or a class such as 2xx"),
        ("200-300-400", "'200-300-400' is not a status code 100-599, a range such as 200-299 or a class such as 2xx"),
        ("+200", "'+200' is not a status code 100-599, a range such as 200-299 or a class such as 2xx"),
    ])
    func refusesNamingThePart(text: String, message: String) {
        let error = #expect(throws: HTTPStatusRanges.ParseError.self) { try HTTPStatusRanges.parse(text).get() }
        #expect(error?.message == message)
    }

    @Test func containsTheCodesOfEveryRange() throws {
        let ranges = try HTTPStatusRanges.parse("200 301-302 5xx").get()
        #expect([200, 301, 302, 500, 599].allSatisfy(ranges.contains))
        #expect(![199, 201, 300, 303, 499, 600].contains(where: ranges.contains))
        #expect(HTTPStatusRanges.success.description == "200-299")
    }
}
