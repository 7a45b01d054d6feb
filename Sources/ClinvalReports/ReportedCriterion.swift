import ClinvalCore
import ClinvalGate

/// A gate criterion's result as the reports show it: passed, failed or not evaluated, with the
/// reason in words when nothing was compared (docs/gate-policy.md, docs/outputs.md).
///
/// The gate's ``ClinvalGate/ReportedCriterion`` says exactly why a criterion passed or failed; the
/// reports group those outcomes into the three that JUnit and the HTML page show
/// (``ReportModelBuilder/criterion(_:)``), and can show criteria the gate never judged because the
/// run did not complete. They decide nothing: they show ``outcome`` and ``message`` as given.
public struct ReportedCriterion: Sendable, Hashable, Identifiable {
    /// What became of the criterion.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// It was met.
        case passed
        /// It was not met, or could not be judged ("too few cases", "no baseline run", "metric
        /// undefined", in ``ReportedCriterion/reason``). A failed warning criterion does not fail
        /// the gate.
        case failed
        /// It was never judged, because the run did not complete.
        case notEvaluated = "not-evaluated"
        /// It failed, and a waiver covers it (``ReportedCriterion/waiver``): it does not fail the
        /// gate.
        case waived
    }

    /// The criterion id: the JUnit test name.
    public var id: String
    /// The metric id.
    public var metric: String
    /// The scope, as canonical text (`all`, `casebank:red-flags`).
    public var scope: String
    /// Blocking or warning.
    public var severity: CriterionSeverity
    /// Passed, failed or not evaluated.
    public var outcome: Outcome
    /// Why the criterion failed without a comparison, or was not evaluated: "too few cases",
    /// "no baseline run", "metric undefined", "the run did not complete".
    public var reason: String?
    /// The number compared with the threshold, if there was one.
    public var observed: Double?
    /// The threshold (for a baseline criterion, −margin or +margin).
    public var threshold: Double?
    /// Which number was compared: `point`, `ci_lower`, `ci_upper`, `ci_upper_exact`.
    public var use: String
    /// The clinician sentence: what was measured, on how many vignettes, the interval, the
    /// threshold, the baseline and difference where there is one.
    public var message: String
    /// The baseline figures, for a baseline criterion.
    public var baseline: BaselineFigures?
    /// The waiver found for a failed criterion: covering it (outcome ``Outcome/waived``), or
    /// expired or outgrown (shown as such, not counting).
    public var waiver: WaiverUse?

    /// Creates a result.
    public init(
        id: String, metric: String, scope: String = "all", severity: CriterionSeverity = .blocking, outcome: Outcome,
        reason: String? = nil, observed: Double?, threshold: Double?, use: String = "point", message: String,
        baseline: BaselineFigures? = nil, waiver: WaiverUse? = nil
    ) {
        self.waiver = waiver
        self.id = id
        self.metric = metric
        self.scope = scope
        self.severity = severity
        self.outcome = outcome
        self.reason = reason
        self.observed = observed
        self.threshold = threshold
        self.use = use
        self.message = message
        self.baseline = baseline
    }

    /// Whether this result fails the gate: a blocking criterion that failed.
    public var failsGate: Bool { severity == .blocking && outcome == .failed }

    /// Whether this is a warning criterion that failed (reported, not gating).
    public var isFailedWarning: Bool { severity == .warning && outcome == .failed }
}
