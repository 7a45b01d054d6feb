/// What a baseline criterion (`baseline: non_inferior`) shows of the baseline run: the values over
/// the paired vignettes, the difference with its interval, the p-value and the pairing
/// (docs/gate-policy.md, docs/outputs.md `criteria`). The gate makes them from the metrics'
/// comparison; the store keeps them in the `criteria` table; the reports print them.
public struct BaselineFigures: Sendable, Hashable {
    /// The baseline run compared with, or `nil` when the run has none.
    public var runID: String?
    /// The candidate's value over the paired vignettes.
    public var candidateValue: Double?
    /// The baseline's value over the paired vignettes (`baseline_value`).
    public var baselineValue: Double?
    /// candidate − baseline (`difference`).
    public var difference: Double?
    /// The lower bound of the difference's 95% interval (`difference_ci_lower`).
    public var differenceCILower: Double?
    /// The upper bound of the difference's 95% interval (`difference_ci_upper`).
    public var differenceCIUpper: Double?
    /// McNemar's exact two-sided p-value, for proportion metrics (`p_value`).
    public var pValue: Double?
    /// The vignettes paired between the two runs (`paired_n`); `nil` without a baseline run.
    public var pairedN: Int?

    /// Creates the figures.
    public init(
        runID: String?, candidateValue: Double? = nil, baselineValue: Double? = nil, difference: Double? = nil,
        differenceCILower: Double? = nil, differenceCIUpper: Double? = nil, pValue: Double? = nil,
        pairedN: Int? = nil
    ) {
        self.runID = runID
        self.candidateValue = candidateValue
        self.baselineValue = baselineValue
        self.difference = difference
        self.differenceCILower = differenceCILower
        self.differenceCIUpper = differenceCIUpper
        self.pValue = pValue
        self.pairedN = pairedN
    }
}
