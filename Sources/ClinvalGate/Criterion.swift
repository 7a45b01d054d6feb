import ClinvalCore
import ClinvalMetrics

/// One criterion of a gate policy (docs/gate-policy.md): a metric over a scope, held to a threshold or
/// compared with a baseline run. Its id is the JUnit test name.
///
/// A criterion is of one of two kinds:
/// - a threshold criterion has ``threshold`` (`min:` or `max:`) and no ``baseline`` or ``margin``;
/// - a baseline criterion has ``baseline`` (`baseline: non_inferior`) and ``margin``, and no
///   ``threshold``.
///
/// - Important: A baseline criterion does not take `use:`. It is decided by the bound of the
///   95% interval of the difference candidate − baseline that faces the margin: the lower bound
///   for a higher-is-better metric, the upper bound for a lower-is-better one (docs/metrics.md). The
///   loader sets ``use`` to that bound (``BoundUse/ciLower`` or ``BoundUse/ciUpper``), so reports
///   can say which number was compared.
public struct Criterion: Sendable, Hashable, Identifiable {
    /// A fixed threshold: the observed value must be at least `min` or at most `max`.
    public enum Threshold: Sendable, Hashable {
        /// `min: x`: passes when the observed value is ≥ x.
        case min(Double)
        /// `max: x`: passes when the observed value is ≤ x.
        case max(Double)

        /// The threshold's number.
        public var value: Double {
            switch self {
            case .min(let value), .max(let value): value
            }
        }
    }

    /// Unique in the policy, `[A-Za-z0-9._-]+`; the JUnit test name, so keep it stable.
    public var id: String
    /// A metric id of ``MetricRegistry`` (known once loaded).
    public var metric: String
    /// The vignettes the metric is computed over (default ``Scope/all``).
    public var scope: Scope
    /// The threshold, or `nil` for a baseline criterion.
    public var threshold: Threshold?
    /// Which number is compared with the threshold (default ``BoundUse/point``). For a baseline
    /// criterion, the bound of the difference's interval that decides it.
    public var use: BoundUse
    /// The smallest population (the metric's `n`) the criterion accepts; below it the criterion
    /// fails as "too few cases".
    public var minN: Int?
    /// Whether a failure fails the gate (default ``CriterionSeverity/blocking``).
    public var severity: CriterionSeverity
    /// The baseline comparison, for a baseline criterion.
    public var baseline: BaselineRule?
    /// The largest worsening accepted against the baseline, ≥ 0, for a baseline criterion.
    public var margin: Double?
    /// What the policy says of waiving the criterion (key `waivable`), or `nil` when it says
    /// nothing (see ``isWaivable``).
    public var waivable: Bool?
    /// The 1-based line where the criterion starts in the policy file.
    public var line: Int

    /// Creates a criterion.
    public init(
        id: String, metric: String, scope: Scope = .all, threshold: Threshold?, use: BoundUse = .point,
        minN: Int? = nil, severity: CriterionSeverity = .blocking, baseline: BaselineRule? = nil, margin: Double? = nil,
        waivable: Bool? = nil, line: Int
    ) {
        self.waivable = waivable
        self.id = id
        self.metric = metric
        self.scope = scope
        self.threshold = threshold
        self.use = use
        self.minN = minN
        self.severity = severity
        self.baseline = baseline
        self.margin = margin
        self.line = line
    }

    /// The id reserved for the approval requirement (the policy's top-level `approval:`).
    public static let approvalID = "approval"

    /// The metrics whose criteria a waiver may cover only where the policy says `waivable: true`:
    /// a missed sentinel vignette and emergency under-triage are not risks to accept by default.
    public static let waivableOnlyIfSaid: Set<String> = ["must_pass_failures", "emergency_undertriage_rate"]

    /// Whether a waiver may cover the criterion when it fails: what `waivable` says, and when it
    /// says nothing, true except for the metrics of ``waivableOnlyIfSaid``.
    public var isWaivable: Bool { waivable ?? !Self.waivableOnlyIfSaid.contains(metric) }

    /// The metric's definition (`nil` only for a criterion built by hand with an unknown metric).
    public var definition: MetricDefinition? { MetricRegistry.definition(for: metric) }
}

/// Which number of a metric row a criterion compares with its threshold (key `use`).
public enum BoundUse: String, Sendable, Hashable, CaseIterable {
    /// The point estimate (the default).
    case point
    /// The lower end of the 95% interval; with `min:`, demands evidence the metric is above it.
    case ciLower = "ci_lower"
    /// The upper end of the 95% interval; with `max:`, demands evidence the metric is below it.
    case ciUpper = "ci_upper"
    /// The one-sided 95% Clopper–Pearson upper bound; only `emergency_undertriage_rate` has one.
    case ciUpperExact = "ci_upper_exact"
}

/// How a baseline criterion compares the candidate with the baseline run (key `baseline`).
public enum BaselineRule: String, Sendable, Hashable, CaseIterable {
    /// The candidate may be worse than the baseline by at most the margin, judged by the 95%
    /// interval of the paired difference.
    case nonInferior = "non_inferior"
}
