import Foundation

/// RFC 3339 UTC timestamps ending in `Z`, to the whole second: `2026-11-29T12:00:00Z`.
enum Timestamps {
    /// Formats a date (fractions of a second are dropped).
    static func format(_ date: Date) -> String {
        let whole = Date(timeIntervalSince1970: (date.timeIntervalSince1970).rounded(.down))
        return whole.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// Parses a stored timestamp (with or without fractional seconds).
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(timeZone: .gmt)) {
            return date
        }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
