/// One row of `metrics`: a metric's value over one scope, with its interval.
public struct MetricRecord: Sendable, Hashable {
    /// The scope: `all`, `casebank:ID`, `tag:T`, `sex:S`, `age:LO-HI`, `triage:LEVEL`, `condition:CODE`.
    public var scope: String
    /// The metric id.
    public var metric: String
    /// The value; nil when the population is empty or the metric is undefined.
    public var value: Double?
    /// The interval's lower bound.
    public var ciLower: Double?
    /// The interval's upper bound.
    public var ciUpper: Double?
    /// The one-sided exact upper bound (`emergency_undertriage_rate` only).
    public var ciUpperExact: Double?
    /// The size of the metric's population.
    public var n: Int

    /// Creates a metric record.
    public init(
        scope: String, metric: String, value: Double?, ciLower: Double? = nil, ciUpper: Double? = nil,
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
