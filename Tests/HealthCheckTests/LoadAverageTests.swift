import HealthCheck
import Testing

@Suite struct LoadAverageTests {
    @Test(arguments: [
        (" 10:01:02 up 3 days,  2 users,  load average: 0.52, 0.40, 0.31\n", 0.52),
        (" 10:01:02 up 40 min,  0 user,  load average: 12.00, 3.10, 1.00", 12.0),
        // procps in some locales, and BSD's "load averages:".
        ("10:01  up 2 days, 3:04, 1 user, load averages: 1.25 1.10 1.00", 1.25),
        // ruptime
        ("web1          up  3+02:01,     2 users,  load 0.08, 0.03, 0.01\n", 0.08),
        // rup
        ("web1       up  3 days,  2:01,  load average: 0.00 0.01 0.05", 0.0),
        // A banner before it does not matter; the last "load" counts.
        ("Load your data carefully!\n 10:01:02 up 1 day,  load average: 2.5, 1, 1\n", 2.5),
    ])
    func parsesTheOneMinuteLoad(_ output: String, _ load: Double) throws {
        #expect(try LoadAverage.parse(output) == load)
    }

    @Test func garbageIsAClearError() {
        #expect(throws: LoadAverage.ParseError(output: "Permission denied (publickey).")) {
            try LoadAverage.parse("Permission denied (publickey).\n")
        }
        #expect(throws: LoadAverage.ParseError(output: "")) { try LoadAverage.parse("") }
        #expect(throws: LoadAverage.ParseError(output: "load average: high")) {
            try LoadAverage.parse("load average: high")
        }
        #expect(
            "\(LoadAverage.ParseError(output: "up 3 days"))"
                == "no load average in \"up 3 days\" (expected \"load average: 0.52, 0.40, 0.31\" or \"load 0.52, …\")")
        #expect(
            "\(LoadAverage.ParseError(output: ""))"
                == "no output (expected a load average such as \"load average: 0.52, 0.40, 0.31\")")
    }

    @Test func longOutputIsShortenedInTheError() {
        let long = String(repeating: "x", count: 500) + "\n" + "more"
        do {
            _ = try LoadAverage.parse(long)
            Issue.record("parsed \(long)")
        } catch {
            #expect(error.output == String(repeating: "x", count: 120) + "…")
        }
    }
}
