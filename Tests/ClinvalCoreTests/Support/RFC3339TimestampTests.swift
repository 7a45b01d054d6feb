import ClinvalCore
import Foundation
import Testing

@Suite struct RFC3339TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_795_870_564.999, "2026-11-28T12:56:04Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"),
    ])
    func formatsUTCToTheSecond(_ seconds: Double, _ text: String) {
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func agreesWithFoundationOnManyDays() {
        let style = Date.ISO8601FormatStyle(timeZone: .gmt)
        // From 1582-10-15, the first Gregorian day, to the year 9999.
        for day in stride(from: -141_427, through: 2_932_000, by: 997) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 45_296)
            #expect(RFC3339Timestamp.format(date) == date.formatted(style))
        }
    }

    @Test func farDatesAreClampedToFourDigitYears() {
        #expect(RFC3339Timestamp.format(Date.distantFuture) == "4001-01-01T00:00:00Z")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: 1e15)) == "9999-12-31T23:59:59Z")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: -1e15)) == "0000-01-01T00:00:00Z")
    }

    @Test func withoutZoneDropsTheZoneAndTheFraction() {
        #expect(RFC3339Timestamp.withoutZone(Date(timeIntervalSince1970: 1_795_947_300.75)) == "2026-11-29T10:15:00")
        #expect(RFC3339Timestamp.withoutZone(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59")
    }

    @Test func xmlSchemaTimestampsStartAtYearOne() {
        #expect(RFC3339Timestamp.withoutZone(Date(timeIntervalSince1970: -1e15), earliest: .yearOne) == "0001-01-01T00:00:00")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: -1e15), earliest: .yearOne) == "0001-01-01T00:00:00Z")
        #expect(RFC3339Timestamp.format(Date(timeIntervalSince1970: 1e15), earliest: .yearOne) == "9999-12-31T23:59:59Z")
    }
}
