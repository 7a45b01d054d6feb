/// The triage levels a gold label accepts: one level, or every level from `lower` to `upper`
/// (docs/casebank-format.md: `triage: emergency` or `triage: [routine, urgent]`). The bank
/// reader parses it, the store keeps its ends (`vignettes.gold_triage_low`, `gold_triage_high`)
/// and the metrics score a returned level against it.
///
/// A single level is a range whose ends are equal. The ends are ordered, `lower <= upper`, by
/// construction.
public struct TriageRange: Sendable, Hashable, CustomStringConvertible {
    /// The least urgent accepted level.
    public let lower: TriageLevel
    /// The most urgent accepted level.
    public let upper: TriageLevel

    /// A range accepting exactly one level.
    public init(_ level: TriageLevel) {
        lower = level
        upper = level
    }

    /// A range from `lower` to `upper`, or `nil` if `lower` is more urgent than `upper`.
    public init?(lower: TriageLevel, upper: TriageLevel) {
        guard lower <= upper else { return nil }
        self.lower = lower
        self.upper = upper
    }

    /// Whether the range accepts `level`.
    public func contains(_ level: TriageLevel) -> Bool {
        lower <= level && level <= upper
    }

    /// Whether the range accepts exactly one level.
    public var isSingleLevel: Bool { lower == upper }

    /// `urgent` for a single level, `[routine, urgent]` for a range, as written in a bank.
    public var description: String {
        isSingleLevel ? lower.rawValue : "[\(lower.rawValue), \(upper.rawValue)]"
    }
}
