import ClinvalStore
import Foundation

/// RFC 3339 UTC timestamps ending in `Z`, whole seconds (docs/database.md).
public enum Timestamp {
    /// `2026-11-29T12:01:02Z`.
    public static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
