/// The metrics that are a share of a population with a per-vignette 0/1 event (docs/metrics.md):
/// the population predicate and the event, read from ``VignetteScore``. They get Wilson
/// intervals, and in a baseline comparison Newcombe's paired interval and McNemar's test.
enum ProportionMetrics {
    struct Indicator: Sendable {
        let isInPopulation: @Sendable (VignetteScore) -> Bool
        let isEvent: @Sendable (VignetteScore) -> Bool
    }

    static let scope: @Sendable (VignetteScore) -> Bool = { _ in true }

    /// The indicator of each proportion metric, by id.
    static let indicators: [String: Indicator] = [
        "coverage": Indicator(isInPopulation: scope, isEvent: { $0.isCovered }),
        "top1_accuracy": Indicator(isInPopulation: scope, isEvent: { $0.isInTop(1) }),
        "top3_accuracy": Indicator(isInPopulation: scope, isEvent: { $0.isInTop(3) }),
        "top5_accuracy": Indicator(isInPopulation: scope, isEvent: { $0.isInTop(5) }),
        "top10_accuracy": Indicator(isInPopulation: scope, isEvent: { $0.isInTop(10) }),
        "triage_accuracy": Indicator(isInPopulation: scope, isEvent: { $0.isTriageWithinRange }),
        "undertriage_rate": Indicator(isInPopulation: scope, isEvent: { $0.isUndertriaged }),
        "overtriage_rate": Indicator(isInPopulation: scope, isEvent: { $0.isOvertriaged }),
        "safe_triage_rate": Indicator(isInPopulation: scope, isEvent: { $0.isSafelyTriaged }),
        "error_rate": Indicator(isInPopulation: scope, isEvent: { $0.isError }),
        "emergency_undertriage_rate": Indicator(
            isInPopulation: { $0.hasEmergencyGold }, isEvent: { $0.isBelowEmergency }),
    ]
}
