import ClinvalCore
/// The per-vignette quantities of a run, derived once and shared by every scope: the
/// ``VignetteScore`` of each outcome and the calibration pairs.
struct ScoredRun: Sendable {
    let outcomes: [VignetteOutcome]
    let scores: [VignetteScore]
    let pairs: CalibrationPairs

    init(_ outcomes: [VignetteOutcome]) {
        self.outcomes = outcomes
        scores = outcomes.map(VignetteScore.init)
        var pairs = CalibrationPairs()
        for outcome in outcomes {
            guard outcome.status == .ok else {
                pairs.appendVignette(EmptyCollection())
                continue
            }
            let gold = VignetteScore.goldSet(outcome)
            pairs.appendVignette(outcome.differential.lazy.map { (probability: $0.probability, isGold: gold.contains($0.condition)) })
        }
        self.pairs = pairs
    }

    /// The indices of the outcomes in a scope.
    func members(of scope: Scope) -> [Int] {
        if scope == .all { return Array(outcomes.indices) }
        return outcomes.indices.filter { scope.contains(outcomes[$0]) }
    }
}
