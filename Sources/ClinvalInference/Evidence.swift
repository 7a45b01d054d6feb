/// One vignette's input to the engine: per-condition priors and the observed findings.
///
/// Priors are the vignette's own: `prior × sex_factor × age_factor`, capped by the caller
/// (docs/model-format.md). Any prior in [0, 1] is accepted; 0 makes a condition impossible and 1 makes it
/// certain. Findings not listed are unobserved and marginalised out. A finding listed twice in the
/// same list counts once; a finding in both lists is an error.
public struct Evidence: Sendable, Hashable {
    /// The prior of each condition for this vignette, indexed by condition.
    public var priors: [Double]
    /// Indexes of the findings observed present.
    public var present: [Int]
    /// Indexes of the findings observed absent.
    public var absent: [Int]

    /// Creates evidence.
    /// - Parameters:
    ///   - priors: One prior per condition, each in [0, 1].
    ///   - present: Finding indexes observed present.
    ///   - absent: Finding indexes observed absent.
    public init(priors: [Double], present: [Int] = [], absent: [Int] = []) {
        self.priors = priors
        self.present = present
        self.absent = absent
    }
}
