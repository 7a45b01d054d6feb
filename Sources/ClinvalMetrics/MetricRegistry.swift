import ClinvalCore
/// The metrics of docs/metrics.md, in the order of its table: the one list that lint, the gate
/// and the reports read.
///
/// ```swift
/// MetricRegistry.ids.first                                   // "n"
/// MetricRegistry.definition(for: "ece")?.direction           // .lowerIsBetter
/// MetricRegistry.suggestion(for: "top3_acc")                 // "top3_accuracy"
/// ```
///
/// ## Topics
/// - ``all``, ``ids``: every metric, in table order.
/// - ``definition(for:)``, ``suggestion(for:)``: look-ups by id, for policies and the command line.
public enum MetricRegistry {
    /// Every metric, in the order of the table in docs/metrics.md.
    public static let all: [MetricDefinition] = [
        MetricDefinition(
            id: "n", computation: .size, direction: .none, population: .scope, valueRange: 0...Double.infinity, title: "Vignettes",
            plainDescription: "The number of vignettes in the group being measured.",
            formula: "vignettes in scope",
            zeroDenominator: .zero),
        MetricDefinition(
            id: "coverage", computation: .share { $0.isCovered }, direction: .higherIsBetter, population: .scope, valueRange: 0...1, title: "Coverage",
            plainDescription:
                "The share of vignettes for which the model gave an answer with at least one possible condition. Vignettes where the model failed or timed out count as not covered.",
            formula: "share with status ok and a non-empty differential"),
        topK(1), topK(3), topK(5), topK(10),
        MetricDefinition(
            id: "differential_recall", computation: .differential(.recall), direction: .higherIsBetter, population: .goldDifferential,
            valueRange: 0...1, title: "Differential recall",
            plainDescription:
                "On average, the share of the doctors' differential (their diagnosis and the alternatives they listed) that the model also suggested with a probability above 1%.",
            formula:
                "P_i = {c: p_ic > 0.01}, D_i = gold differential ∪ {gold.diagnosis}; recall_i = |D_i ∩ P_i| / |D_i|; the mean over vignettes with a gold differential"
        ),
        MetricDefinition(
            id: "differential_precision", computation: .differential(.precision), direction: .higherIsBetter, population: .goldDifferential,
            valueRange: 0...1, title: "Differential precision",
            plainDescription:
                "On average, the share of the conditions the model suggested (above 1%) that are in the doctors' differential. A model that lists many unlikely conditions scores low.",
            formula:
                "P_i = {c: p_ic > 0.01}, D_i = gold differential ∪ {gold.diagnosis}; precision_i = |D_i ∩ P_i| / |P_i| (0 if P_i is empty); the mean over vignettes with a gold differential"
        ),
        MetricDefinition(
            id: "differential_f1", computation: .differential(.f1), direction: .higherIsBetter, population: .goldDifferential,
            valueRange: 0...1, title: "Differential F1",
            plainDescription:
                "A single score balancing differential recall and precision for each vignette, averaged: high only when the model's list both covers the doctors' differential and avoids extra conditions.",
            formula:
                "F1_i = 2·precision_i·recall_i / (precision_i + recall_i) (0 if both are 0); the mean over vignettes with a gold differential"
        ),
        MetricDefinition(
            id: "triage_accuracy", computation: .share { $0.isTriageWithinRange }, direction: .higherIsBetter, population: .scope,
            valueRange: 0...1, title: "Triage accuracy",
            plainDescription:
                "The share of vignettes where the model's advice on how urgently to seek care is within the range the doctors accepted.",
            formula: "share with lo_i ≤ t̂_i ≤ hi_i"),
        MetricDefinition(
            id: "undertriage_rate", computation: .share { $0.isUndertriaged }, direction: .lowerIsBetter, population: .scope,
            valueRange: 0...1, title: "Under-triage rate",
            plainDescription:
                "The share of vignettes where the model advised less urgent care than the doctors accepted, the unsafe direction. A vignette the model failed to answer counts as under-triaged.",
            formula: "share with t̂_i < lo_i (or error)"),
        MetricDefinition(
            id: "overtriage_rate", computation: .share { $0.isOvertriaged }, direction: .lowerIsBetter, population: .scope,
            valueRange: 0...1, title: "Over-triage rate",
            plainDescription:
                "The share of vignettes where the model advised more urgent care than the doctors thought necessary. Safe for the patient but a burden on services.",
            formula: "share with t̂_i > hi_i"),
        MetricDefinition(
            id: "safe_triage_rate", computation: .share { $0.isSafelyTriaged }, direction: .higherIsBetter, population: .scope,
            valueRange: 0...1, title: "Safe triage rate",
            plainDescription:
                "The share of vignettes where the model's advice was at most one level less urgent than the doctors accepted (Gilbert et al. 2020).",
            formula: "share with t̂_i ≥ lo_i − 1 level"),
        MetricDefinition(
            id: "emergency_undertriage_rate", computation: .share { $0.isBelowEmergency }, direction: .lowerIsBetter,
            population: .emergencyGold, hasExactUpperBound: true, valueRange: 0...1,
            title: "Emergency under-triage rate",
            plainDescription:
                "Among vignettes the doctors judged to be emergencies, the share where the model advised anything less than emergency care, or gave no answer. This is the most dangerous error.",
            formula:
                "share with t̂_i < emergency (or error), over vignettes with lo_i = emergency; Wilson interval plus ci_upper_exact, the one-sided 95% Clopper–Pearson upper bound"
        ),
        MetricDefinition(
            id: "must_pass_failures", computation: .count { $0.isMustPassFailure }, direction: .lowerIsBetter, population: .mustPass,
            valueRange: 0...Double.infinity, title: "Must-pass failures",
            plainDescription:
                "The number of sentinel vignettes (marked must-pass by the doctors) the model got wrong: the correct condition not in its top 3, advice less urgent than accepted, or no answer.",
            formula: "count of must_pass vignettes with r_i > 3, or t̂_i < lo_i, or error"),
        MetricDefinition(
            id: "error_rate", computation: .share { $0.isError }, direction: .lowerIsBetter, population: .scope, valueRange: 0...1, title: "Error rate",
            plainDescription: "The share of vignettes the model failed to answer, by an error or by running out of time.",
            formula: "share with status error or timeout"),
        MetricDefinition(
            id: "ece", computation: .calibration(.ece), direction: .lowerIsBetter, population: .nonEmptyDifferential,
            valueRange: 0...1, title: "Expected calibration error",
            plainDescription:
                "How far the model's confidence in its top suggestion is from how often that suggestion is right, averaged over confidence levels. 0 means a stated 70% is right 70% of the time.",
            formula:
                "15 equal-width bins, c in the smallest m in 1…15 with c ≤ m/15.0; Σ_m (|B_m|/n)·|acc(B_m) − conf(B_m)|; confidence = top-1 probability, correct = top-1 code ∈ G_i"
        ),
        MetricDefinition(
            id: "mce", computation: .calibration(.mce), direction: .lowerIsBetter, population: .nonEmptyDifferential,
            valueRange: 0...1, title: "Maximum calibration error",
            plainDescription:
                "The largest gap, at any confidence level, between the model's confidence in its top suggestion and how often that suggestion is right.",
            formula: "max over non-empty bins of |acc(B_m) − conf(B_m)| (the bins of ece)"),
        MetricDefinition(
            id: "brier", computation: .calibration(.brier), direction: .lowerIsBetter, population: .nonEmptyDifferential,
            valueRange: 0...Double.infinity, title: "Brier score",
            plainDescription:
                "The squared difference between the probabilities the model gave and what was true, summed over conditions and averaged over vignettes. Lower means more accurate and honest probabilities.",
            formula:
                "(1/n) Σ_i Σ_c (p_ic − y_ic)², c over the returned codes ∪ G_i; p = 0 for a code not returned; y_ic = 1 iff c ∈ G_i"
        ),
        MetricDefinition(
            id: "calibration_intercept", computation: .calibration(.intercept), direction: .none, population: .nonEmptyDifferential,
            valueRange: nil, title: "Calibration intercept",
            plainDescription:
                "Whether the model's probabilities are too high or too low overall. The target is 0; below 0 the model overstates how likely conditions are.",
            formula:
                "logistic recalibration over every returned (vignette, condition) pair, y = 1 iff the code ∈ G_i, x = logit(p) with p clipped to [1e-6, 1−1e-6]: a from logit P(y) = a + x (x as an offset); null where the fit does not exist"
        ),
        MetricDefinition(
            id: "calibration_slope", computation: .calibration(.slope), direction: .none, population: .nonEmptyDifferential,
            valueRange: nil, title: "Calibration slope",
            plainDescription:
                "Whether the model's probabilities are too extreme or too timid. The target is 1; below 1 the model is overconfident, above 1 underconfident.",
            formula:
                "logistic recalibration over every returned (vignette, condition) pair, y = 1 iff the code ∈ G_i, x = logit(p) with p clipped to [1e-6, 1−1e-6]: b from logit P(y) = a + b·x; null where the fit does not exist"
        ),
        latency(50), latency(99),
    ]

    /// Every metric id, in table order.
    public static var ids: [String] { all.map(\.id) }

    /// The metric with this id, or `nil` if there is none (ids are case-sensitive).
    public static func definition(for id: String) -> MetricDefinition? {
        all.first { $0.id == id }
    }

    /// The known id a mistyped one most likely meant (`top3_acc` → `top3_accuracy`), or `nil`.
    ///
    /// A close edit distance wins; otherwise the one known id that contains the name.
    public static func suggestion(for id: String) -> String? {
        Suggestions.likely(for: id, in: ids)
    }

    // MARK: Families

    private static func topK(_ k: Int) -> MetricDefinition {
        MetricDefinition(
            id: "top\(k)_accuracy", computation: .share { $0.isInTop(k) }, direction: .higherIsBetter,
            population: .scope, valueRange: 0...1, title: "Top-\(k) accuracy",
            plainDescription: k == 1
                ? "The share of vignettes where the model's first suggestion is the doctors' diagnosis (or another condition they accepted as correct)."
                : "The share of vignettes where the doctors' diagnosis (or another condition they accepted as correct) is among the model's first \(k) suggestions.",
            formula: "share with r_i ≤ \(k)")
    }

    private static func latency(_ percentile: Int) -> MetricDefinition {
        MetricDefinition(
            id: "latency_p\(percentile)_ms", computation: .latencyPercentile(percentile), direction: .lowerIsBetter,
            population: .okResults, valueRange: 0...Double.infinity,
            title: percentile == 50 ? "Median latency (ms)" : "99th percentile latency (ms)",
            plainDescription: percentile == 50
                ? "The time the model took to answer a typical vignette, in milliseconds: half the answers were faster."
                : "The time within which the model answered 99 in 100 vignettes, in milliseconds: its slow answers.",
            formula: "nearest-rank \(percentile)th percentile of model latency over ok results")
    }
}
