import ClinvalCore

/// A waiver found for a failed criterion, and whether it covers the criterion in this decision
/// (docs/clinical-review.md). An expired or outgrown waiver is shown as such and does not count.
public struct WaiverUse: Sendable, Hashable {
    /// Whether the waiver covers the criterion.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// It covers the criterion: current, and the values are no worse than at the grant.
        case applied
        /// Its expiry day has ended.
        case expired
        /// The criterion's observed or point value is now worse than when it was granted, or
        /// there is no observed value to compare ("too few cases", "no baseline run").
        case outgrown
    }

    /// The waiver.
    public var waiver: Waiver
    /// Whether it covers the criterion.
    public var state: State

    /// Creates a use.
    public init(waiver: Waiver, state: State) {
        self.waiver = waiver
        self.state = state
    }
}
