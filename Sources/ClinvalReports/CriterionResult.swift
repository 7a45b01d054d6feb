import ClinvalCore

/// One gate criterion's result (docs/gate-policy.md), as the gate decided it.
///
/// The reports do not decide anything: they show ``outcome`` and ``message`` as given.
public struct CriterionResult: Sendable, Hashable, Identifiable {
    /// What became of the criterion.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// It was met.
        case passed
        /// It was not met, or could not be judged ("too few cases", "no baseline run", "metric
        /// undefined", in ``CriterionResult/reason``). A failed warning criterion does not fail
        /// the gate.
        case failed
        /// It was never judged, because the run did not complete.
        case notEvaluated = "not-evaluated"
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
    /// The baseline comparison, for a baseline criterion evaluated against a baseline run.
    public var baseline: BaselineComparison?

    /// Creates a result.
    public init(
        id: String, metric: String, scope: String = "all", severity: CriterionSeverity = .blocking, outcome: Outcome,
        reason: String? = nil, observed: Double?, threshold: Double?, use: String = "point", message: String,
        baseline: BaselineComparison? = nil
    ) {
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

/// A baseline criterion's paired comparison with the baseline run (docs/metrics.md).
public struct BaselineComparison: Sendable, Hashable {
    /// The baseline's value over the paired vignettes.
    public var baselineValue: Double?
    /// The candidate's value over the paired vignettes, if known.
    public var candidateValue: Double?
    /// candidate − baseline.
    public var difference: Double?
    /// The 95% interval of the difference, lower end.
    public var differenceCILower: Double?
    /// The 95% interval of the difference, upper end.
    public var differenceCIUpper: Double?
    /// McNemar's exact two-sided p-value, for a proportion.
    public var pValue: Double?
    /// Vignettes present in both runs.
    public var pairedN: Int?

    /// Creates a comparison.
    public init(
        baselineValue: Double?, candidateValue: Double? = nil, difference: Double?, differenceCILower: Double?,
        differenceCIUpper: Double?, pValue: Double? = nil, pairedN: Int?
    ) {
        self.baselineValue = baselineValue
        self.candidateValue = candidateValue
        self.difference = difference
        self.differenceCILower = differenceCILower
        self.differenceCIUpper = differenceCIUpper
        self.pValue = pValue
        self.pairedN = pairedN
    }
}

/// One confidence bin of the reliability diagram.
public struct ReliabilityBin: Sendable, Hashable {
    /// The vignettes whose top-1 confidence fell in the bin.
    public var count: Int
    /// Their mean top-1 confidence (`nil` for an empty bin).
    public var meanConfidence: Double?
    /// The share of them whose top-1 code was correct (`nil` for an empty bin).
    public var accuracy: Double?

    /// Creates a bin.
    public init(count: Int, meanConfidence: Double?, accuracy: Double?) {
        self.count = count
        self.meanConfidence = meanConfidence
        self.accuracy = accuracy
    }
}

/// One cell of the triage confusion matrix.
public struct TriageConfusionCell: Sendable, Hashable {
    /// The lower end of the doctors' accepted range.
    public var gold: TriageLevel
    /// The level the model returned; `nil` for no answer (error or timeout).
    public var returned: TriageLevel?
    /// Number of vignettes.
    public var count: Int

    /// Creates a cell.
    public init(gold: TriageLevel, returned: TriageLevel?, count: Int) {
        self.gold = gold
        self.returned = returned
        self.count = count
    }
}
