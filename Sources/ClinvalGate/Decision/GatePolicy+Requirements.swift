import ClinvalCore
import ClinvalMetrics

extension GatePolicy {
    /// Every scope a criterion names, each once, in policy order: the scopes whose metric rows
    /// the run must compute besides the standard breakdowns (docs/metrics.md).
    public var criterionScopes: [Scope] {
        var seen: Set<Scope> = []
        return criteria.map(\.scope).filter { seen.insert($0).inserted }
    }

    /// Every (metric, scope) a baseline criterion compares, each once, in policy order: the
    /// comparisons to compute with `BaselineComparator` when the run has a baseline run.
    public var baselineComparisonsNeeded: [(metric: String, scope: Scope)] {
        var seen: Set<GateEvaluator.MetricKey> = []
        return criteria.filter { $0.baseline != nil }
            .filter { seen.insert(GateEvaluator.MetricKey(metric: $0.metric, scope: $0.scope)).inserted }
            .map { (metric: $0.metric, scope: $0.scope) }
    }
}
