import Testing
import Units

@Suite struct DurationTextTests {
    @Test(arguments: [
        (Duration.seconds(10), 3, "10"), (.milliseconds(250), 3, "0.25"), (.milliseconds(1500), 3, "1.5"),
        (.microseconds(1500), 3, "0.001"), (.microseconds(500), 3, "0"), (.nanoseconds(1), 9, "0.000000001"),
        (.milliseconds(100), 9, "0.1"), (.seconds(0), 3, "0"), (.milliseconds(-1500), 3, "-1.5"),
        (.milliseconds(-250), 3, "-0.25"),
    ])
    func secondsTextIsWholeOrTrimmedDecimals(duration: Duration, decimals: Int, expected: String) {
        #expect(duration.secondsText(maximumDecimals: decimals) == expected)
    }

    @Test func secondsTextCanCarryTheUnit() {
        #expect(Duration.seconds(2).secondsText(unit: true) == "2 s")
        #expect(Duration.milliseconds(500).secondsText(unit: true) == "0.5 s")
    }

    @Test(arguments: [
        (Duration.milliseconds(1500), DurationUnit.seconds, 2, "1.50"),
        (.microseconds(12_345), .milliseconds, 1, "12.3"),
        (.microseconds(12_355), .milliseconds, 1, "12.4"), (.nanoseconds(1_234), .nanoseconds, 0, "1234"),
        (.milliseconds(-1500), .seconds, 1, "-1.5"), (.nanoseconds(-1), .seconds, 2, "0.00"),
        (.microseconds(2_500), .microseconds, 1, "2500.0"),
    ])
    func fixedTextRoundsToExactlyTheDecimals(duration: Duration, unit: DurationUnit, decimals: Int, expected: String) {
        #expect(duration.fixedText(in: unit, decimals: decimals) == expected)
    }

    @Test func wholeMillisecondsTruncate() {
        #expect(Duration.microseconds(1_999).wholeMilliseconds == 1)
        #expect(Duration.seconds(3).wholeMilliseconds == 3_000)
        #expect(Duration.milliseconds(250).secondsValue == 0.25)
    }
}
