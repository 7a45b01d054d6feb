import ClinvalCore
import ClinvalMetrics

/// The sentences of criterion results (docs/gate-policy.md): what was measured, on how many vignettes,
/// the interval, the threshold, and the baseline and difference where there is one. Numbers are
/// printed by ``ReadableNumber``; groups of vignettes are named by ``GroupPhrase``.
struct CriterionWording: Sendable {
    /// The metric's definition (title, kind, population).
    var definition: MetricDefinition
    /// The criterion's scope.
    var scope: Scope
    /// The number of vignettes in the scope, when the run's `n` row for it is known.
    var scopeSize: Int?

    /// The vignettes the metric is computed over.
    var group: GroupPhrase { GroupPhrase(scope: scope, population: definition.population) }

    private var kind: MetricDefinition.Kind { definition.kind }

    /// The metric's title for the start of a sentence, without a unit ("Median latency").
    var title: String {
        var text = definition.title
        if text.hasSuffix(" (ms)") { text.removeLast(" (ms)".count) }
        return text
    }

    /// The title inside a sentence: "top-3 accuracy"; "the number of vignettes" for `n`.
    var titleInSentence: String {
        if kind == .size { return "the number of vignettes" }
        let text = title
        guard let first = text.first else { return text }
        // Keep acronyms ("ECE", "F1") as they are.
        let second = text.dropFirst().first
        if let second, second.isUppercase { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// "on" for a metric over the whole scope, "among" for one over a part of it.
    private var preposition: String { definition.population == .scope ? "on" : "among" }

    // MARK: Numbers

    /// A measured value, with " ms" for latencies.
    private func measured(_ value: Double, distinctFrom threshold: Double? = nil, signed: Bool = false) -> String {
        ReadableNumber.measured(value, kind: kind, distinctFrom: threshold, signed: signed) + unit
    }

    /// A threshold or margin, with " ms" for latencies.
    private func setting(_ value: Double, signed: Bool = false) -> String {
        ReadableNumber.setting(value, kind: kind, signed: signed) + unit
    }

    private var unit: String { kind == .latency ? " ms" : "" }

    /// "0.810–0.872", or "−0.050 to 0.010" when a bound is negative.
    private func range(_ lower: String, _ upper: String, lowerValue: Double, signed: Bool) -> String {
        lowerValue < 0 || signed ? "\(lower) to \(upper)" : "\(lower)–\(upper)"
    }

    // MARK: Threshold criteria

    /// The sentence of a threshold criterion that was compared: met or not met.
    func thresholdJudged(
        row: MetricValue, value: Double, use: BoundUse, observed: Double, threshold: Double,
        comparison: CriterionResult.Comparison, met: Bool
    ) -> String {
        let limit = comparison == .atLeast ? "at least" : "at most"
        let demand = comparison == .atLeast ? "required" : "allowed"
        let thresholdText = setting(threshold)
        if definition.id == "must_pass_failures" {
            let count = measured(value, distinctFrom: threshold)
            let verb = value == 1 ? "was" : "were"
            let limitVerb = threshold == 1 ? "is" : "are"
            return "\(title): \(count) of \(group.counted(row.n)) \(verb) missed; \(limit) \(thresholdText) \(limitVerb) \(demand)."
        }
        if kind == .size {
            let scopeGroup = GroupPhrase(scope: scope, population: .scope)
            var subject: String
            switch row.n {
            case ...0: subject = "There are " + scopeGroup.counted(0)
            case 1: subject = "There is " + scopeGroup.bare(1)
            default: subject = "There are " + scopeGroup.bare(row.n)
            }
            if scope == .all { subject += " in the run" }
            let limitVerb = threshold == 1 ? "is" : "are"
            return "\(subject); \(limit) \(thresholdText) \(limitVerb) \(demand)."
        }

        let valueText = measured(value, distinctFrom: use == .point ? threshold : nil)
        var interval = ""
        let subject: String
        switch use {
        case .ciUpperExact:
            let exact = measured(observed, distinctFrom: threshold)
            interval = " (exact one-sided 95% upper bound \(exact))"
            subject = "the exact upper bound \(exact)"
        case .point, .ciLower, .ciUpper:
            if let lower = row.ciLower, let upper = row.ciUpper, lower.isFinite, upper.isFinite {
                let lowerText = measured(lower, distinctFrom: use == .ciLower ? threshold : nil)
                let upperText = measured(upper, distinctFrom: use == .ciUpper ? threshold : nil)
                interval = " (95% CI \(range(lowerText, upperText, lowerValue: lower, signed: false)))"
            }
            switch use {
            case .ciLower: subject = "the lower bound \(measured(observed, distinctFrom: threshold))"
            case .ciUpper: subject = "the upper bound \(measured(observed, distinctFrom: threshold))"
            default: subject = "this"
            }
        }
        let relation: String
        switch (comparison, met) {
        case (.atLeast, true): relation = "is at least the required minimum"
        case (.atLeast, false): relation = "is below the required minimum"
        case (.atMost, true): relation = "is at most the allowed maximum"
        case (.atMost, false): relation = "is above the allowed maximum"
        }
        return "\(title) \(preposition) \(group.counted(row.n)) is \(valueText)\(interval); \(subject) \(relation) \(thresholdText)."
    }

    /// The metric row is missing from the run.
    func notComputed() -> String {
        "\(title) was not computed on \(group.scopeOnly); this criterion fails."
    }

    /// Whether an empty population means the scope itself is empty.
    func isScopeEmpty() -> Bool {
        definition.population == .scope || scopeSize.map { $0 <= 0 } ?? false
    }

    /// The scope has no vignettes.
    func emptyScope() -> String {
        "Too few cases: \(group.noneInScope), so \(titleInSentence) cannot be measured."
    }

    /// The scope has vignettes, none in the metric's population.
    func emptyPopulation() -> String {
        if let scopeSize, scopeSize > 0, let membership = group.membership, let nonMembership = group.nonMembership {
            if scopeSize == 1 {
                return "Too few cases: \(group.scopeCounted(1)) \(nonMembership), so \(titleInSentence) cannot be measured."
            }
            return "Too few cases: none of \(group.scopeCounted(scopeSize)) \(membership), so \(titleInSentence) cannot be measured."
        }
        return "Too few cases: there are no \(group.uncounted), so \(titleInSentence) cannot be measured."
    }

    /// The population is smaller than `min_n`.
    func tooFewCases(row: MetricValue, minN: Int) -> String {
        var text = "Too few cases: \(titleInSentence) was measured on only \(group.bare(row.n)), fewer than the \(minN) required; "
        if let value = row.value, value.isFinite, kind != .size {
            var interval = ""
            if let lower = row.ciLower, let upper = row.ciUpper, lower.isFinite, upper.isFinite {
                interval = " (95% CI \(range(measured(lower), measured(upper), lowerValue: lower, signed: false)))"
            }
            text += "its value \(measured(value))\(interval) is not judged."
        } else {
            text += "the value is not judged."
        }
        return text
    }

    /// The metric is undefined on a non-empty population.
    func valueUndefined(n: Int) -> String {
        let reason: String
        switch definition.id {
        case "calibration_intercept", "calibration_slope":
            reason = "the logistic recalibration has no fit (every outcome is the same, or the probabilities separate them perfectly)"
        default:
            reason = "it could not be computed from these answers"
        }
        return "\(title) \(preposition) \(group.counted(n)) is undefined: \(reason); this criterion fails."
    }

    /// The metric has a value, but the bound the criterion compares is missing.
    func boundUndefined(row: MetricValue, value: Double, use: BoundUse) -> String {
        let bound: String
        switch use {
        case .point: bound = "its value"
        case .ciLower: bound = "the lower bound of its 95% CI"
        case .ciUpper: bound = "the upper bound of its 95% CI"
        case .ciUpperExact: bound = "its exact one-sided 95% upper bound"
        }
        return "\(title) \(preposition) \(group.counted(row.n)) is \(measured(value)), but \(bound) could not be computed; this criterion fails."
    }

    // MARK: Baseline criteria

    /// " on the vignettes tagged cardiac", or nothing for scope `all`.
    private var scopeSuffix: String { scope == .all ? "" : " on " + group.scopeOnly }

    /// No baseline run, and the policy says `first_run: fail`.
    func noBaseline() -> String {
        "There is no baseline run to compare \(titleInSentence)\(scopeSuffix) with; this criterion fails until one exists."
    }

    /// No baseline run, and the policy says `first_run: pass`.
    func firstRunPassed() -> String {
        "There is no baseline run to compare \(titleInSentence)\(scopeSuffix) with; this criterion passes because the policy allows a first run (first_run: pass)."
    }

    /// The comparison is missing, or the metric has no direction.
    func comparisonNotComputed(runID: String, comparable: Bool) -> String {
        guard comparable else {
            return "\(title) has no better direction, so it cannot be compared with baseline run \(runID); this criterion fails."
        }
        return "The comparison of \(titleInSentence) on \(group.scopeOnly) with baseline run \(runID) was not computed; this criterion fails."
    }

    /// No vignettes are in both runs.
    func nothingPaired(runID: String) -> String {
        "Too few cases: no \(group.uncounted) are in both this run and baseline run \(runID) (a vignette matches when its bank id, bank version and vignette id are the same), so \(titleInSentence) cannot be compared."
    }

    /// Fewer paired vignettes than `min_n`.
    func tooFewPaired(_ comparison: BaselineComparison, runID: String, minN: Int) -> String {
        let verb = comparison.pairedN == 1 ? "is" : "are"
        return "Too few cases: only \(group.bare(comparison.pairedN)) \(verb) in both this run and baseline run \(runID), fewer than the \(minN) required; the difference in \(titleInSentence) is not judged."
    }

    /// The difference, or the bound that decides, is undefined.
    func differenceUndefined(_ comparison: BaselineComparison, runID: String) -> String {
        "The difference in \(titleInSentence) between this run and baseline run \(runID) on \(group.counted(comparison.pairedN, everything: false)) in both runs could not be computed; this criterion fails."
    }

    /// The sentence of a baseline criterion that was compared: non-inferior or not.
    func baselineJudged(
        _ comparison: BaselineComparison, runID: String, observed: Double, threshold: Double, margin: Double,
        higherIsBetter: Bool, met: Bool
    ) -> String {
        let pairs = group.counted(comparison.pairedN, everything: false)
        var text: String
        if let candidate = comparison.candidateValue, let baseline = comparison.baselineValue,
            candidate.isFinite, baseline.isFinite
        {
            let change = comparison.difference ?? (candidate - baseline)
            if change > 0 {
                text = "\(title) rose from \(measured(baseline)) in baseline run \(runID) to \(measured(candidate))"
            } else if change < 0 {
                text = "\(title) fell from \(measured(baseline)) in baseline run \(runID) to \(measured(candidate))"
            } else {
                text = "\(title) stayed at \(measured(candidate)), as in baseline run \(runID),"
            }
            text += " on \(pairs) in both runs"
        } else {
            text = "\(title) was compared with baseline run \(runID) on \(pairs) in both runs"
        }

        var details: [String] = []
        if let lower = comparison.ciLower, let upper = comparison.ciUpper, lower.isFinite, upper.isFinite {
            let lowerText = measured(lower, distinctFrom: higherIsBetter ? threshold : nil, signed: true)
            let upperText = measured(upper, distinctFrom: higherIsBetter ? nil : threshold, signed: true)
            details.append("95% CI \(lowerText) to \(upperText)")
        }
        if let pValue = comparison.pValue, pValue.isFinite {
            details.append("McNemar exact p \(ReadableNumber.pValue(pValue))")
        }
        let parenthesis = details.isEmpty ? "" : " (" + details.joined(separator: "; ") + ")"
        if let difference = comparison.difference, difference.isFinite {
            text += "; the difference \(measured(difference, signed: true))\(parenthesis)"
        } else {
            text += "; the difference\(parenthesis)"
        }

        let side = higherIsBetter ? "lower" : "upper"
        let relation: String
        switch (higherIsBetter, met) {
        case (true, true): relation = "at least"
        case (true, false): relation = "below"
        case (false, true): relation = "at most"
        case (false, false): relation = "above"
        }
        let verdict = met ? "is not" : "may be"
        text += " has \(side) bound \(measured(observed, distinctFrom: threshold, signed: true)), \(relation) the allowed \(setting(threshold, signed: true)), so this run \(verdict) worse than the baseline by more than the margin \(setting(margin))."
        return text
    }
}
