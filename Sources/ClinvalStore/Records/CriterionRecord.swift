import ClinvalCore

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
    /// The baseline figures, for a baseline criterion compared with a baseline run. The
    /// `criteria` table holds their values, interval, p-value and pairing; their run id and
    /// candidate value are not columns and read back as `nil` (the pipeline keeps them in
    /// ``detailsJSON``).
    public var baseline: BaselineFigures?
    /// Further details as one JSON object (`criteria.details_json`), written by the pipeline so
    /// that outputs can be rendered again from the database alone.
    public var detailsJSON: String?

    /// Creates a criterion record.
    public init(
        criterionID: String, metric: String, scope: String, severity: CriterionSeverity, passed: Bool,
        observed: Double?, threshold: Double?, message: String, use: String, baseline: BaselineFigures? = nil,
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
