import ClinvalCore

/// The comparison of a baseline criterion (`baseline: non_inferior`).
public struct BaselineComparison: Sendable, Hashable {
    /// The baseline's value over the paired vignettes.
    public var baselineValue: Double?
    /// Candidate minus baseline.
    public var difference: Double?
    /// The difference's interval, lower bound.
    public var differenceCILower: Double?
    /// The difference's interval, upper bound.
    public var differenceCIUpper: Double?
    /// McNemar's exact two-sided p-value, for a proportion.
    public var pValue: Double?
    /// How many vignettes were paired.
    public var pairedN: Int

    /// Creates a comparison.
    public init(
        baselineValue: Double?, difference: Double?, differenceCILower: Double?, differenceCIUpper: Double?,
        pValue: Double? = nil, pairedN: Int
    ) {
        self.baselineValue = baselineValue
        self.difference = difference
        self.differenceCILower = differenceCILower
        self.differenceCIUpper = differenceCIUpper
        self.pValue = pValue
        self.pairedN = pairedN
    }
}

/// One row of `criteria`: a policy criterion's outcome for a run.
public struct CriterionRecord: Sendable, Hashable {
    /// The criterion id (the JUnit test name).
    public var criterionID: String
    /// The metric id.
    public var metric: String
    /// The scope.
    public var scope: String
    /// Blocking or warning.
    public var severity: CriterionSeverity
    /// Whether the criterion passed.
    public var passed: Bool
    /// The value compared with the threshold.
    public var observed: Double?
    /// The threshold.
    public var threshold: Double?
    /// The sentence a clinician reads.
    public var message: String
    /// What was compared: `point`, `ci_lower`, `ci_upper` or `ci_upper_exact`.
    public var use: String
    /// The baseline comparison, for a baseline criterion.
    public var baseline: BaselineComparison?
    /// Further details as one JSON object (`criteria.details_json`), written by the pipeline so
    /// that outputs can be rendered again from the database alone.
    public var detailsJSON: String?

    /// Creates a criterion record.
    public init(
        criterionID: String, metric: String, scope: String, severity: CriterionSeverity, passed: Bool,
        observed: Double?, threshold: Double?, message: String, use: String, baseline: BaselineComparison? = nil,
        detailsJSON: String? = nil
    ) {
        self.detailsJSON = detailsJSON
        self.criterionID = criterionID
        self.metric = metric
        self.scope = scope
        self.severity = severity
        self.passed = passed
        self.observed = observed
        self.threshold = threshold
        self.message = message
        self.use = use
        self.baseline = baseline
    }
}
