import ClinvalMetrics

/// Numbers as the gate's sentences print them: fixed decimals, a true minus sign (−), and the same
/// text on every machine (no locale, no `String(format:)`).
///
/// ```swift
/// ReadableNumber.measured(0.8431, kind: .proportion)       // "0.843"
/// ReadableNumber.measured(0.00042, kind: .proportion)      // "0.00042"
/// ReadableNumber.setting(0.8, kind: .proportion)           // "0.80"
/// ReadableNumber.setting(0.025, kind: .proportion)         // "0.025"
/// ReadableNumber.measured(0.7996, kind: .proportion, distinctFrom: 0.8)   // "0.7996"
/// ```
///
/// The rules:
/// - a measured value (a metric, a bound, a difference) has 3 decimals; a non-zero value that
///   would print as 0.000 gets two significant digits instead (`0.00042`). Counts and sizes print
///   as whole numbers; latencies in milliseconds as whole numbers or with 1 decimal;
/// - a setting of the policy (a threshold, a margin) prints as the user most likely wrote it: the
///   fewest decimals, at least 2 for shares, that read back as the same number (`0.80`, `0.02`,
///   `0.025`; counts and latencies `0`, `800`);
/// - a measured value compared with a threshold never prints as the threshold when it differs from
///   it: decimals are added until the two differ (`0.7996` against `0.80`), so a sentence never
///   says "0.80 is below the required minimum 0.80";
/// - rounding is to the nearest, halves away from zero, on the binary value.
public enum ReadableNumber {
    /// The minus sign, U+2212.
    public static let minus = "\u{2212}"

    /// The most decimals printed; beyond this, Swift's shortest round-trip text is used.
    static let maxDecimals = 15

    /// A measured value of a metric of the given kind.
    ///
    /// - Parameters:
    ///   - value: The number.
    ///   - kind: The metric's kind (shares, means and calibration statistics get 3 decimals).
    ///   - distinctFrom: A threshold the value is compared with: if the value differs from it,
    ///     the text is made to read differently too.
    ///   - signed: Whether to print `+` before a positive value (for differences).
    /// - Returns: the text, such as `0.843`, `−0.020`, `412` or `412.5`.
    public static func measured(
        _ value: Double, kind: MetricDefinition.Kind, distinctFrom threshold: Double? = nil, signed: Bool = false
    ) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let decimals: Int
        switch kind {
        case .count, .size:
            decimals = value.rounded() == value ? 0 : significantDecimals(value, atLeast: 1)
        case .latency:
            decimals = value.rounded() == value ? 0 : 1
        case .proportion, .mean, .calibration:
            decimals = significantDecimals(value, atLeast: 3)
        }
        return distinct(value, decimals: decimals, from: threshold, signed: signed)
    }

    /// A setting of the policy: a threshold or a margin, as the user most likely wrote it.
    ///
    /// - Parameters:
    ///   - value: The number.
    ///   - kind: The metric's kind (shares get at least 2 decimals; counts, sizes and latencies none).
    ///   - signed: Whether to print `+` before a positive value (for a margin used as a bound of a
    ///     difference).
    /// - Returns: the text, such as `0.80`, `0.025`, `−0.02` or `800`.
    public static func setting(_ value: Double, kind: MetricDefinition.Kind, signed: Bool = false) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let least: Int
        switch kind {
        case .count, .size, .latency: least = 0
        case .proportion, .mean, .calibration: least = 2
        }
        for decimals in least...maxDecimals {
            let text = fixed(value, decimals: decimals, signed: signed)
            if parse(text) == value { return text }
        }
        return shortest(value, signed: signed)
    }

    /// A p-value: two significant digits, at least 2 decimals, and `< 0.001` below 0.001.
    ///
    /// - Returns: the text after "p", such as `= 0.21`, `= 0.012` or `< 0.001`.
    public static func pValue(_ value: Double) -> String {
        guard value.isFinite else { return "= " + nonFinite(value) }
        if value < 0.001 { return "< 0.001" }
        return "= " + fixed(value, decimals: twoDigitDecimals(value, atLeast: 2))
    }

    /// `value` with exactly `decimals` decimals, rounded to the nearest (halves away from zero).
    ///
    /// - Parameters:
    ///   - value: The number.
    ///   - decimals: How many decimals, 0 to 15.
    ///   - signed: Whether to print `+` before a positive value that does not round to 0.
    public static func fixed(_ value: Double, decimals: Int, signed: Bool = false) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let places = max(0, min(decimals, maxDecimals))
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value.magnitude * scale).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^53 the digits are not exact; such numbers are not proportions or counts.
        guard scaled < 9_007_199_254_740_992 else { return shortest(value, signed: signed) }
        var digits = String(UInt64(scaled))
        if places > 0 {
            if digits.count <= places {
                digits = String(repeating: "0", count: places - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        if scaled == 0 { return digits }
        if value < 0 { return minus + digits }
        return signed ? "+" + digits : digits
    }

    /// The value with `decimals` decimals, or more when that would read as `threshold` though the
    /// value differs from it.
    static func distinct(_ value: Double, decimals: Int, from threshold: Double?, signed: Bool) -> String {
        let text = fixed(value, decimals: decimals, signed: signed)
        guard let threshold, threshold != value, parse(text) == threshold else { return text }
        for more in (decimals + 1)...maxDecimals {
            let longer = fixed(value, decimals: more, signed: signed)
            if parse(longer) != threshold { return longer }
        }
        return shortest(value, signed: signed)
    }

    /// `atLeast` decimals, or, for a non-zero value that would print as zero with them, enough
    /// for two significant digits (0.00042 needs 5).
    static func significantDecimals(_ value: Double, atLeast: Int) -> Int {
        guard value != 0, fixed(value, decimals: atLeast).allSatisfy({ "0.".contains($0) }) else { return atLeast }
        return min(max(atLeast, leadingZeros(value) + 2), maxDecimals)
    }

    /// Two significant digits, at least `atLeast` decimals (0.21, 0.012, 0.0012).
    static func twoDigitDecimals(_ value: Double, atLeast: Int) -> Int {
        guard value != 0 else { return atLeast }
        return min(max(atLeast, leadingZeros(value) + 2), maxDecimals)
    }

    /// The zeros between the decimal point and the first significant digit (0 for 0.5, 3 for
    /// 0.00042); 0 for values of 0.1 and more.
    static func leadingZeros(_ value: Double) -> Int {
        var power = 0.1
        var zeros = 0
        while value.magnitude < power, zeros < maxDecimals {
            power /= 10
            zeros += 1
        }
        return zeros
    }

    /// Reads back a text this type printed.
    static func parse(_ text: String) -> Double? {
        Double(text.replacingOccurrences(of: minus, with: "-"))
    }

    /// Swift's shortest round-trip text, with the minus sign.
    static func shortest(_ value: Double, signed: Bool) -> String {
        let text = value.magnitude.description
        if value < 0 { return minus + text }
        return signed && value > 0 ? "+" + text : text
    }

    private static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "undefined" : (value < 0 ? minus + "∞" : "∞")
    }
}
