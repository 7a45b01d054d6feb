import ClinvalCore
import ClinvalMetrics

/// The baseline run a candidate run is compared with: its id and the comparisons the baseline
/// criteria need, one per (metric, scope).
public struct GateBaseline: Sendable, Hashable {
    /// The baseline run's id, named in the sentences ("baseline run 2026-11-28-a").
    public var runID: String
    /// The comparisons, from `BaselineComparator`; the first one for a (metric, scope) is used.
    public var comparisons: [BaselineComparison]

    /// Creates a baseline.
    public init(runID: String, comparisons: [BaselineComparison]) {
        self.runID = runID
        self.comparisons = comparisons
    }
}

/// Decides the gate (docs/gate-policy.md, docs/metrics.md): each criterion of a policy against a run's metric rows
/// and, for baseline criteria, its comparisons with a baseline run. Pure: no I/O, no clock.
///
/// ```swift
/// let rows = MetricCalculator(bootstrap: policy.bootstrap).compute(outcomes: outcomes, scopes: scopes)
/// let decision = GateEvaluator.evaluate(policy: policy, metrics: rows, baseline: nil)
/// print(decision.verdict, decision.criteria.map(\.message))
/// ```
///
/// The rules, criterion by criterion:
/// - A threshold criterion compares `observed`, the metric's point value or the bound named by
///   `use`, with `min` (passes when observed ≥ min) or `max` (observed ≤ max); equality passes.
/// - "Too few cases": when the metric's population is empty (its value is null) the criterion
///   fails as ``CriterionResult/Outcome/emptyScope`` (the scope has no vignettes) or
///   ``CriterionResult/Outcome/emptyPopulation`` (it has vignettes, none in the population); when
///   the population's size `n` is below `min_n` it fails as
///   ``CriterionResult/Outcome/tooFewCases``, whatever the value.
/// - A metric that is undefined on a non-empty population (a calibration fit that does not exist),
///   or whose compared bound is missing, fails as ``CriterionResult/Outcome/metricUndefined``.
/// - A baseline criterion (`baseline: non_inferior`) is decided by the 95% interval of the
///   difference candidate − baseline: for a higher-is-better metric observed = its lower bound and
///   threshold = −margin, passing when observed ≥ −margin; for a lower-is-better metric observed =
///   its upper bound and threshold = +margin, passing when observed ≤ +margin. No paired vignettes,
///   or fewer than `min_n`, fail as "too few cases".
/// - Without a baseline run a baseline criterion fails with "no baseline run", or passes when the
///   policy says `first_run: pass`.
/// - A missing metric row or comparison fails as ``CriterionResult/Outcome/notComputed``.
///
/// The verdict is `fail` when any blocking criterion fails; `severity: warning` criteria are
/// reported (`passed` false) and never fail the gate.
public enum GateEvaluator {
    /// Decides every criterion of `policy`.
    ///
    /// - Parameters:
    ///   - policy: The gate policy.
    ///   - metrics: The candidate run's metric rows; they must cover every scope a criterion
    ///     names. The `n` row of a scope, when present, lets sentences say how many vignettes the
    ///     scope has. The first row for a (scope, metric) is used.
    ///   - baseline: The baseline run and its comparisons, or `nil` when the run has no baseline.
    /// - Returns: the decision, with one result per criterion in policy order.
    public static func evaluate(policy: GatePolicy, metrics: [MetricValue], baseline: GateBaseline?) -> GateDecision {
        let rows = RowIndex(metrics)
        var comparisons: [MetricKey: BaselineComparison] = [:]
        for comparison in baseline?.comparisons ?? [] {
            let key = MetricKey(metric: comparison.metric, scope: comparison.scope)
            if comparisons[key] == nil { comparisons[key] = comparison }
        }
        let results = policy.criteria.map { criterion in
            evaluate(
                criterion, rows: rows, baselineRunID: baseline?.runID, comparisons: comparisons,
                firstRun: policy.firstRun)
        }
        return GateDecision(criteria: results)
    }

    /// A (metric, scope) pair, the key of metric rows and comparisons.
    struct MetricKey: Hashable {
        var metric: String
        var scope: Scope
    }

    /// The metric rows by (metric, scope), first row wins.
    struct RowIndex {
        var rows: [MetricKey: MetricValue] = [:]

        init(_ values: [MetricValue]) {
            for value in values {
                let key = MetricKey(metric: value.metric, scope: value.scope)
                if rows[key] == nil { rows[key] = value }
            }
        }

        subscript(metric: String, scope: Scope) -> MetricValue? { rows[MetricKey(metric: metric, scope: scope)] }

        /// The number of vignettes in a scope, from its `n` row.
        func scopeSize(_ scope: Scope) -> Int? { self["n", scope]?.n }
    }

    static func evaluate(
        _ criterion: Criterion, rows: RowIndex, baselineRunID: String?, comparisons: [MetricKey: BaselineComparison],
        firstRun: FirstRunRule
    ) -> CriterionResult {
        let definition = criterion.definition ?? fallbackDefinition(criterion.metric)
        let wording = CriterionWording(
            definition: definition, scope: criterion.scope, scopeSize: rows.scopeSize(criterion.scope))
        var result: CriterionResult
        if let threshold = criterion.threshold {
            let row = rows[criterion.metric, criterion.scope]
            result = evaluateThreshold(criterion, threshold: threshold, row: row, wording: wording)
            result.point = row?.value.flatMap { $0.isFinite ? $0 : nil }
        } else {
            let comparison = comparisons[MetricKey(metric: criterion.metric, scope: criterion.scope)]
            result = evaluateBaseline(
                criterion, runID: baselineRunID, comparison: comparison,
                firstRun: firstRun, wording: wording)
            result.point = baselineRunID == nil ? nil : comparison?.difference.flatMap { $0.isFinite ? $0 : nil }
        }
        guard criterion.severity == .warning, !result.passed else { return result }
        var warned = result
        warned.message += " This is a warning; it does not fail the gate."
        return warned
    }

    // MARK: Threshold criteria

    static func evaluateThreshold(
        _ criterion: Criterion, threshold: Criterion.Threshold, row: MetricValue?, wording: CriterionWording
    ) -> CriterionResult {
        let comparison: CriterionResult.Comparison
        switch threshold {
        case .min: comparison = .atLeast
        case .max: comparison = .atMost
        }
        func result(_ outcome: CriterionResult.Outcome, observed: Double? = nil, _ message: String) -> CriterionResult {
            CriterionResult(
                id: criterion.id, metric: criterion.metric, scope: criterion.scope, severity: criterion.severity,
                passed: outcome.passes, outcome: outcome, observed: observed, threshold: threshold.value,
                comparison: comparison, use: criterion.use, message: message)
        }
        guard let row else { return result(.notComputed, wording.notComputed()) }
        if row.value == nil, row.n <= 0 {
            return wording.isScopeEmpty()
                ? result(.emptyScope, wording.emptyScope()) : result(.emptyPopulation, wording.emptyPopulation())
        }
        if let minN = criterion.minN, row.n < minN {
            return result(.tooFewCases, wording.tooFewCases(row: row, minN: minN))
        }
        guard let value = row.value, value.isFinite else {
            return result(.metricUndefined, wording.valueUndefined(n: row.n))
        }
        guard let observed = bound(criterion.use, of: row), observed.isFinite else {
            return result(.metricUndefined, wording.boundUndefined(row: row, value: value, use: criterion.use))
        }
        let met = comparison == .atLeast ? observed >= threshold.value : observed <= threshold.value
        return result(
            met ? .met : .notMet, observed: observed,
            wording.thresholdJudged(
                row: row, value: value, use: criterion.use, observed: observed, threshold: threshold.value,
                comparison: comparison, met: met))
    }

    /// The number of a row that `use` names.
    static func bound(_ use: BoundUse, of row: MetricValue) -> Double? {
        switch use {
        case .point: row.value
        case .ciLower: row.ciLower
        case .ciUpper: row.ciUpper
        case .ciUpperExact: row.ciUpperExact
        }
    }

    // MARK: Baseline criteria

    static func evaluateBaseline(
        _ criterion: Criterion, runID: String?, comparison: BaselineComparison?,
        firstRun: FirstRunRule, wording: CriterionWording
    ) -> CriterionResult {
        let margin = criterion.margin ?? 0
        let direction = wording.definition.direction
        // The side of the difference's interval that faces the margin.
        let higherIsBetter = direction != .lowerIsBetter
        let use: BoundUse = higherIsBetter ? .ciLower : .ciUpper
        let threshold = higherIsBetter ? 0 - margin : margin
        let comparisonKind: CriterionResult.Comparison = higherIsBetter ? .atLeast : .atMost
        func result(
            _ outcome: CriterionResult.Outcome, observed: Double? = nil, figures: BaselineFigures,
            _ message: String
        ) -> CriterionResult {
            CriterionResult(
                id: criterion.id, metric: criterion.metric, scope: criterion.scope, severity: criterion.severity,
                passed: outcome.passes, outcome: outcome, observed: observed, threshold: threshold,
                comparison: comparisonKind, use: use, message: message, baseline: figures)
        }

        guard let runID else {
            let figures = BaselineFigures(runID: nil)
            return firstRun == .pass
                ? result(.firstRunPassed, figures: figures, wording.firstRunPassed())
                : result(.noBaseline, figures: figures, wording.noBaseline())
        }
        guard direction != .none, let comparison else {
            return result(
                .notComputed, figures: BaselineFigures(runID: runID),
                wording.comparisonNotComputed(runID: runID, comparable: direction != .none))
        }
        let figures = BaselineFigures(runID: runID, comparison: comparison)
        if comparison.pairedN <= 0 {
            return result(.tooFewCases, figures: figures, wording.nothingPaired(runID: runID))
        }
        if let minN = criterion.minN, comparison.pairedN < minN {
            return result(
                .tooFewCases, figures: figures,
                wording.tooFewPaired(comparison, runID: runID, minN: minN))
        }
        guard let observed = higherIsBetter ? comparison.ciLower : comparison.ciUpper, observed.isFinite else {
            return result(.metricUndefined, figures: figures, wording.differenceUndefined(comparison, runID: runID))
        }
        let met = higherIsBetter ? observed >= threshold : observed <= threshold
        return result(
            met ? .met : .notMet, observed: observed, figures: figures,
            wording.baselineJudged(
                comparison, runID: runID, observed: observed, threshold: threshold, margin: margin,
                higherIsBetter: higherIsBetter, met: met))
    }

    /// A stand-in definition for a metric id the registry does not know (only for criteria built
    /// by hand; a loaded policy has known metrics).
    static func fallbackDefinition(_ metric: String) -> MetricDefinition {
        MetricDefinition.unknown(id: metric)
    }
}
