import Foundation

/// Reading the stored RFC 3339 UTC timestamps (`2026-11-29T12:00:00Z`); they are written by the
/// core's `RFC3339Timestamp.format`.
enum Timestamps {
    /// Parses a stored timestamp (with or without fractional seconds).
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(timeZone: .gmt)) {
            return date
        }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
