import Foundation

/// Numbers and durations as the reports print them: fixed-point, with a `.` decimal separator
/// whatever the locale, computed with integer arithmetic (timestamps: the core's
/// `RFC3339Timestamp`).
public enum ReportFormat {
    /// `value` with exactly `decimals` digits after the point (`0.8235` for 0.82349, 4), rounded
    /// half away from zero; `nil` for NaN or infinity.
    ///
    /// Never prints `-0.0…`: a value that rounds to zero is unsigned.
    public static func fixed(_ value: Double, decimals: Int) -> String? {
        guard value.isFinite else { return nil }
        let digits = min(max(decimals, 0), 12)
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value.magnitude * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else {
            // Far beyond anything a report shows; Swift's own description is locale-independent.
            return "\(value)"
        }
        let whole = UInt64(scaled)
        let integerPart = whole / scale
        var text = (value < 0 && whole != 0 ? "-" : "") + String(integerPart)
        if digits > 0 {
            let fraction = String(whole % scale)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// A share as a percentage with one decimal (`82.4%`); `nil` when not finite.
    static func percent(_ value: Double, decimals: Int = 1) -> String? {
        fixed(value * 100, decimals: decimals).map { $0 + "%" }
    }

    /// Seconds with at most three decimals, never negative (`12.345`), for JUnit `time`.
    static func seconds(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0.000" }
        return fixed(value, decimals: 3) ?? "0.000"
    }

    /// A duration in words for people (`2 h 05 min`, `3 min 07 s`, `12.4 s`).
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "unknown" }
        if seconds < 60 { return (fixed(seconds, decimals: 1) ?? "0") + " s" }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return "\(whole / 60) min \(pad(whole % 60, 2)) s" }
        return "\(whole / 3600) h \(pad(whole % 3600 / 60, 2)) min"
    }

    /// An integer with thin grouping for large counts (`12,345`).
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        guard digits.count > 4 else { return value < 0 ? "-" + digits : digits }
        var grouped = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
