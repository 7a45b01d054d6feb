import ClinvalCore
import ClinvalMetrics

/// How one criterion of a gate policy fared on a run: passed or not, why, the number compared, and
/// a sentence a clinician can read (docs/gate-policy.md, docs/outputs.md `criteria`).
///
/// ```swift
/// let result = decision.criteria[0]
/// print(result.id, result.passed, result.message)
/// // top3 true Top-3 accuracy on all 515 vignettes is 0.843 (95% CI 0.810–0.872); the lower
/// // bound 0.810 is at least the required minimum 0.80.
/// ```
public struct CriterionResult: Sendable, Hashable, Identifiable {
    /// Why a criterion passed or failed.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// The observed number meets the threshold (for a baseline criterion: non-inferior).
        case met
        /// The observed number misses the threshold (for a baseline criterion: possibly worse
        /// than the baseline by more than the margin).
        case notMet = "not_met"
        /// The population (or, for a baseline criterion, the paired vignettes) is smaller than the
        /// criterion's `min_n`, or no vignettes are paired with the baseline run.
        case tooFewCases = "too_few_cases"
        /// The scope has no vignettes at all; fails as "too few cases".
        case emptyScope = "empty_scope"
        /// The scope has vignettes but none in the metric's population (no emergency vignettes for
        /// the emergency under-triage rate); fails as "too few cases".
        case emptyPopulation = "empty_population"
        /// The metric, or the bound the criterion compares, is undefined though the population is
        /// not empty (a calibration fit that does not exist).
        case metricUndefined = "metric_undefined"
        /// The run's metrics (or comparisons with the baseline run) lack this criterion's metric
        /// and scope.
        case notComputed = "not_computed"
        /// A baseline criterion on a run without a baseline run; fails with "no baseline run".
        case noBaseline = "no_baseline"
        /// A baseline criterion on a run without a baseline run, passed because the policy says
        /// `first_run: pass`.
        case firstRunPassed = "first_run_passed"

        /// Whether the criterion passes with this outcome.
        public var passes: Bool { self == .met || self == .firstRunPassed }

        /// Whether the outcome is one of the kinds docs/gate-policy.md calls "too few cases".
        public var isTooFewCases: Bool { self == .tooFewCases || self == .emptyScope || self == .emptyPopulation }
    }

    /// Which way the observed number must lie from the threshold.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        /// observed ≥ threshold (`min:`; a baseline criterion on a higher-is-better metric).
        case atLeast = "at_least"
        /// observed ≤ threshold (`max:`; a baseline criterion on a lower-is-better metric).
        case atMost = "at_most"
    }

    /// The criterion's id (the JUnit test name).
    public var id: String
    /// The metric's id.
    public var metric: String
    /// The scope.
    public var scope: Scope
    /// Whether a failure fails the gate.
    public var severity: CriterionSeverity
    /// Whether the criterion passed. A failed warning has `passed == false` but does not fail the
    /// gate.
    public var passed: Bool
    /// Why it passed or failed.
    public var outcome: Outcome
    /// The number compared with the threshold: the point or the bound named by ``use``; for a
    /// baseline criterion, the bound of the difference that decides it. `nil` when nothing was
    /// compared (too few cases, undefined, no baseline run).
    public var observed: Double?
    /// The threshold: `min` or `max`; for a baseline criterion −margin (higher is better) or
    /// +margin (lower is better).
    public var threshold: Double?
    /// Which way the observed number must lie from the threshold.
    public var comparison: Comparison
    /// Which number of the metric row (or of the difference's interval) was compared.
    public var use: BoundUse
    /// The sentence a clinician reads: what was measured, on how many vignettes, the interval, the
    /// threshold, and the baseline and difference where there is one.
    public var message: String
    /// The baseline side, for a baseline criterion; `nil` for a threshold criterion.
    public var baseline: BaselineFigures?
    /// The criterion's point value: the metric's value, or for a baseline criterion the
    /// difference; `nil` when there is none (too few cases, undefined, no baseline run). A
    /// waiver is not stretched to a worse point value than it was granted on.
    public var point: Double?
    /// The waiver found for the criterion when it failed, whether it covers it or not (expired,
    /// outgrown); `nil` when none was found or the criterion passed.
    public var waiver: WaiverUse?

    /// Creates a result.
    public init(
        id: String, metric: String, scope: Scope, severity: CriterionSeverity, passed: Bool, outcome: Outcome,
        observed: Double?, threshold: Double?, comparison: Comparison, use: BoundUse, message: String,
        baseline: BaselineFigures? = nil, point: Double? = nil, waiver: WaiverUse? = nil
    ) {
        self.point = point
        self.waiver = waiver
        self.id = id
        self.metric = metric
        self.scope = scope
        self.severity = severity
        self.passed = passed
        self.outcome = outcome
        self.observed = observed
        self.threshold = threshold
        self.comparison = comparison
        self.use = use
        self.message = message
        self.baseline = baseline
    }

    /// Whether this result fails the gate: a blocking criterion that did not pass and is not
    /// covered by a waiver.
    public var failsGate: Bool { !passed && severity == .blocking && !isWaived }

    /// Whether a waiver covers this failed criterion.
    public var isWaived: Bool { waiver?.state == .applied }

    /// Whether the criterion compares with a baseline run.
    public var isBaselineCriterion: Bool { baseline != nil }
}
