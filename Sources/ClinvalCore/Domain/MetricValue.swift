/// One metric row: a metric's value over a scope with its interval and population size
/// (docs/metrics.md, docs/outputs.md `metrics`).
public struct MetricValue: Sendable, Hashable {
    /// The scope the metric was computed over.
    public var scope: Scope
    /// The metric's id (`top3_accuracy`).
    public var metric: String
    /// The value, or `nil` when the population is empty or the metric is undefined on it (a
    /// calibration fit that does not exist).
    public var value: Double?
    /// The interval's lower bound (Wilson or bootstrap), or `nil`.
    public var ciLower: Double?
    /// The interval's upper bound (Wilson or bootstrap), or `nil`.
    public var ciUpper: Double?
    /// The one-sided 95% Clopper–Pearson upper bound; only for `emergency_undertriage_rate`.
    public var ciUpperExact: Double?
    /// The size of the metric's population (for `n`, the scope's size).
    public var n: Int

    /// Creates a row.
    public init(
        scope: Scope, metric: String, value: Double?, ciLower: Double? = nil, ciUpper: Double? = nil,
        ciUpperExact: Double? = nil, n: Int
    ) {
        self.scope = scope
        self.metric = metric
        self.value = value
        self.ciLower = ciLower
        self.ciUpper = ciUpper
        self.ciUpperExact = ciUpperExact
        self.n = n
    }
}
