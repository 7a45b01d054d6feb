import ClinvalCore
import ClinvalGate
import ClinvalMetrics

/// A threshold criterion built by hand (a loaded policy gives the same values).
func thresholdCriterion(
    _ id: String = "c", metric: String, scope: Scope = .all, min: Double? = nil, max: Double? = nil,
    use: BoundUse = .point, minN: Int? = nil, severity: CriterionSeverity = .blocking
) -> Criterion {
    let threshold: Criterion.Threshold? = min.map { .min($0) } ?? max.map { .max($0) }
    return Criterion(
        id: id, metric: metric, scope: scope, threshold: threshold, use: use, minN: minN, severity: severity, line: 1)
}

/// A `baseline: non_inferior` criterion built by hand; `use` as the loader sets it.
func baselineCriterion(
    _ id: String = "b", metric: String, scope: Scope = .all, margin: Double, minN: Int? = nil,
    severity: CriterionSeverity = .blocking
) -> Criterion {
    let use: BoundUse = MetricRegistry.definition(for: metric)?.direction == .lowerIsBetter ? .ciUpper : .ciLower
    return Criterion(
        id: id, metric: metric, scope: scope, threshold: nil, use: use, minN: minN, severity: severity,
        baseline: .nonInferior, margin: margin, line: 1)
}

/// Decides a policy made of `criteria`.
func decide(
    _ criteria: [Criterion], rows: [MetricValue], baseline: GateBaseline? = nil, firstRun: FirstRunRule = .fail
) -> GateDecision {
    let policy = GatePolicy(
        gate: "release", firstRun: firstRun, criteria: criteria, file: "policy.yaml", sha256: String(repeating: "0", count: 64))
    return GateEvaluator.evaluate(policy: policy, metrics: rows, baseline: baseline)
}

/// The result of one criterion (a placeholder result if the decision is empty, which fails tests).
func judge(
    _ criterion: Criterion, rows: [MetricValue], baseline: GateBaseline? = nil, firstRun: FirstRunRule = .fail
) -> CriterionResult {
    decide([criterion], rows: rows, baseline: baseline, firstRun: firstRun).criteria.first
        ?? CriterionResult(
            id: "missing", metric: "", scope: .all, severity: .blocking, passed: false, outcome: .notComputed,
            observed: nil, threshold: nil, comparison: .atLeast, use: .point, message: "no result")
}

/// A comparison with a baseline run; the unpaired counts do not matter to the gate.
func comparison(
    _ metric: String, scope: Scope = .all, candidate: Double?, baseline: Double?, difference: Double?,
    lower: Double?, upper: Double?, pValue: Double? = nil, pairedN: Int
) -> BaselineComparison {
    BaselineComparison(
        metric: metric, scope: scope, candidateValue: candidate, baselineValue: baseline, difference: difference,
        ciLower: lower, ciUpper: upper, pValue: pValue, pairedN: pairedN, unpairedCandidate: 0, unpairedBaseline: 0)
}

/// Top-3 accuracy on all 515 vignettes: 0.8431 (95% CI 0.8101–0.8722), with the scope's `n` row.
let top3Rows = [
    MetricValue(scope: .all, metric: "n", value: 515, n: 515),
    MetricValue(scope: .all, metric: "top3_accuracy", value: 0.8431, ciLower: 0.8101, ciUpper: 0.8722, n: 515),
]

/// Emergency under-triage in bank red-flags: 0.017 (95% CI 0.004–0.058, exact upper 0.039) over 120.
let emergencyRows = [
    MetricValue(scope: .casebank("red-flags"), metric: "n", value: 390, n: 390),
    MetricValue(
        scope: .casebank("red-flags"), metric: "emergency_undertriage_rate", value: 0.017, ciLower: 0.004,
        ciUpper: 0.058, ciUpperExact: 0.039, n: 120),
]
