import Foundation

/// RFC 3339 UTC timestamps to the whole second (`2026-11-29T12:56:04Z`), as the database stores
/// them and the summary and reports print them (docs/outputs.md, docs/database.md). Computed with
/// integer arithmetic on the proleptic Gregorian calendar: no locale, no time zone database.
public enum RFC3339Timestamp {
    /// The first day a timestamp can name; earlier dates are clamped to it.
    public enum Earliest: Sendable {
        /// 0000-01-01T00:00:00Z: RFC 3339's first day (the summary document).
        case yearZero
        /// 0001-01-01T00:00:00Z: XML Schema's `xs:dateTime` has no year 0 (the reports, JUnit).
        case yearOne

        var seconds: Int64 {
            switch self {
            case .yearZero: -62_167_219_200
            case .yearOne: -62_135_596_800
            }
        }
    }

    /// The date's timestamp ending in `Z`; fractions of a second are dropped (rounded down).
    ///
    /// Dates before `earliest` or after year 9999 are clamped to those days, so the text always
    /// has four year digits; NaN is the epoch.
    public static func format(_ date: Date, earliest: Earliest = .yearZero) -> String {
        withoutZone(date, earliest: earliest) + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC without zone or fraction (JUnit's `timestamp`), clamped as in
    /// ``format(_:earliest:)``.
    public static func withoutZone(_ date: Date, earliest: Earliest = .yearZero) -> String {
        let interval = date.timeIntervalSince1970
        // 9999-12-31T23:59:59Z.
        let latest: Int64 = 253_402_300_799
        let seconds: Int64
        if interval.isNaN {
            seconds = 0
        } else if interval <= Double(earliest.seconds) {
            seconds = earliest.seconds
        } else if interval >= Double(latest) {
            seconds = latest
        } else {
            seconds = Int64(interval.rounded(.down))
        }
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(daysSince1970: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay % 3600 / 60, 2) + ":" + pad(secondOfDay % 60, 2)
    }

    /// Year, month and day of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(daysSince1970 days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
