import ClinvalCore
/// A metric of a candidate run compared with a baseline run over the vignettes both ran
/// (docs/metrics.md, baseline comparison).
public struct BaselineComparison: Sendable, Hashable {
    /// The metric's id.
    public var metric: String
    /// The scope compared.
    public var scope: Scope
    /// The candidate's value over the paired vignettes.
    public var candidateValue: Double?
    /// The baseline's value over the paired vignettes.
    public var baselineValue: Double?
    /// candidateValue − baselineValue.
    public var difference: Double?
    /// The lower bound of the difference's 95% interval.
    public var ciLower: Double?
    /// The upper bound of the difference's 95% interval.
    public var ciUpper: Double?
    /// McNemar's exact two-sided p-value (proportion metrics only).
    public var pValue: Double?
    /// The paired vignettes the comparison is over (those in scope and in the metric's population).
    public var pairedN: Int
    /// Vignettes in scope that only the candidate run has.
    public var unpairedCandidate: Int
    /// Vignettes in scope that only the baseline run has.
    public var unpairedBaseline: Int

    /// Creates a comparison.
    public init(
        metric: String, scope: Scope, candidateValue: Double?, baselineValue: Double?, difference: Double?,
        ciLower: Double?, ciUpper: Double?, pValue: Double?, pairedN: Int, unpairedCandidate: Int,
        unpairedBaseline: Int
    ) {
        self.metric = metric
        self.scope = scope
        self.candidateValue = candidateValue
        self.baselineValue = baselineValue
        self.difference = difference
        self.ciLower = ciLower
        self.ciUpper = ciUpper
        self.pValue = pValue
        self.pairedN = pairedN
        self.unpairedCandidate = unpairedCandidate
        self.unpairedBaseline = unpairedBaseline
    }
}
