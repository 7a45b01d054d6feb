import ClinvalCore

/// The per-vignette quantities of docs/metrics.md, derived once from a ``VignetteOutcome``: every
/// metric is a count, a mean or a calibration statistic over these.
///
/// With G_i = {gold.diagnosis} ∪ also_correct, [lo_i, hi_i] the gold range and t̂_i the returned
/// triage:
/// - `bestRank` is r_i, the best 1-based rank of any code of G_i in the differential; `nil` stands
///   for ∞ (no code of G_i returned, or the vignette errored).
/// - An errored or timed-out vignette counts as wrong and under-triaged: its differential and
///   triage are ignored. A vignette with status ok but no triage level is treated the same way
///   for the triage quantities (no answer is unsafe).
/// - The differential scores use the DDXPlus definitions with P_i = {c: p_ic > 0.01} and
///   D_i = gold differential ∪ {gold.diagnosis}.
/// - The calibration point exists only for a vignette with status ok and a non-empty differential.
public struct VignetteScore: Sendable, Hashable {
    /// r_i, or `nil` for ∞.
    public let bestRank: Int?
    /// Whether the status is error or timeout.
    public let isError: Bool
    /// t̂_i, the returned triage level; `nil` when the vignette errored or the model returned none.
    public let returnedTriage: TriageLevel?
    /// Whether the status is ok and the differential non-empty (`coverage`).
    public let isCovered: Bool
    /// lo_i ≤ t̂_i ≤ hi_i (`triage_accuracy`).
    public let isTriageWithinRange: Bool
    /// t̂_i < lo_i, or no answer (`undertriage_rate`).
    public let isUndertriaged: Bool
    /// t̂_i > hi_i (`overtriage_rate`).
    public let isOvertriaged: Bool
    /// t̂_i ≥ lo_i − 1 level (`safe_triage_rate`, Gilbert et al. 2020); false without an answer.
    public let isSafelyTriaged: Bool
    /// lo_i = emergency: the population of `emergency_undertriage_rate`.
    public let hasEmergencyGold: Bool
    /// t̂_i < emergency, or no answer (the event of `emergency_undertriage_rate`).
    public let isBelowEmergency: Bool
    /// Whether the vignette is a must_pass sentinel.
    public let isMustPass: Bool
    /// r_i > 3, or t̂_i < lo_i, or error (the event of `must_pass_failures`).
    public let isMustPassFailure: Bool
    /// The DDXPlus differential scores, or `nil` when the bank gives no gold differential.
    public let differentialScores: DifferentialScores?
    /// The top-1 confidence, correctness and Brier term, or `nil` without a non-empty differential.
    public let calibration: CalibrationPoint?
    /// The latency when the status is ok (the population of the latency metrics), else `nil`.
    public let okLatencyMs: Double?

    /// Derives the quantities of one outcome.
    public init(_ outcome: VignetteOutcome) {
        let answered = outcome.status == .ok
        let differential = answered ? outcome.differential : []
        let gold = Self.goldSet(outcome)
        isError = !answered
        isCovered = answered && !differential.isEmpty
        bestRank = differential.firstIndex { gold.contains($0.condition) }.map { $0 + 1 }

        let lower = outcome.goldTriage.lower
        let upper = outcome.goldTriage.upper
        let returned = answered ? outcome.triage : nil
        returnedTriage = returned
        if let level = returned {
            isTriageWithinRange = lower <= level && level <= upper
            isUndertriaged = level < lower
            isOvertriaged = level > upper
            isSafelyTriaged = level.rank >= lower.rank - 1
            isBelowEmergency = level < .emergency
        } else {
            isTriageWithinRange = false
            isUndertriaged = true
            isOvertriaged = false
            isSafelyTriaged = false
            isBelowEmergency = true
        }
        hasEmergencyGold = lower == .emergency
        isMustPass = outcome.mustPass
        isMustPassFailure = (bestRank.map { $0 > 3 } ?? true) || isUndertriaged || isError

        if let goldDifferential = outcome.goldDifferential {
            differentialScores = DifferentialScores(
                gold: Self.unique([outcome.goldDiagnosis] + goldDifferential),
                predicted: Self.unique(differential.filter { $0.probability > 0.01 }.map(\.condition)))
        } else {
            differentialScores = nil
        }

        if let top = differential.first {
            var brier = 0.0
            var returnedGold = 0
            for entry in differential {
                let y: Double
                if gold.contains(entry.condition) {
                    y = 1
                    returnedGold += 1
                } else {
                    y = 0
                }
                brier += (entry.probability - y) * (entry.probability - y)
            }
            // Codes of G_i not returned have p = 0 and y = 1: a term of 1 each.
            brier += Double(gold.count - returnedGold)
            calibration = CalibrationPoint(
                confidence: top.probability, isTopCorrect: gold.contains(top.condition), brier: brier)
        } else {
            calibration = nil
        }
        okLatencyMs = answered ? outcome.latencyMs : nil
    }

    /// Whether r_i ≤ k (`top{k}_accuracy`).
    public func isInTop(_ k: Int) -> Bool {
        bestRank.map { $0 <= k } ?? false
    }

    /// G_i, without repeats.
    static func goldSet(_ outcome: VignetteOutcome) -> [String] {
        unique([outcome.goldDiagnosis] + outcome.alsoCorrect)
    }

    private static func unique(_ codes: [String]) -> [String] {
        var seen: [String] = []
        seen.reserveCapacity(codes.count)
        for code in codes where !seen.contains(code) { seen.append(code) }
        return seen
    }
}

/// The DDXPlus differential scores of one vignette.
///
/// recall = |D ∩ P| / |D|; precision = |D ∩ P| / |P|, 0 when P is empty;
/// F1 = 2·precision·recall / (precision + recall), 0 when both are 0.
public struct DifferentialScores: Sendable, Hashable {
    /// |D ∩ P| / |D|.
    public let recall: Double
    /// |D ∩ P| / |P|, or 0.
    public let precision: Double
    /// The harmonic mean of precision and recall, or 0.
    public let f1: Double

    /// The scores for gold codes D and predicted codes P (each without repeats; D non-empty).
    init(gold: [String], predicted: [String]) {
        let hits = Double(predicted.filter { gold.contains($0) }.count)
        recall = gold.isEmpty ? 0 : hits / Double(gold.count)
        precision = predicted.isEmpty ? 0 : hits / Double(predicted.count)
        f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
}

/// A vignette's contribution to the calibration metrics.
public struct CalibrationPoint: Sendable, Hashable {
    /// The top-1 probability.
    public let confidence: Double
    /// Whether the top-1 code is in G_i.
    public let isTopCorrect: Bool
    /// Σ_c (p_c − y_c)² over the returned codes ∪ G_i.
    public let brier: Double

    /// The confidence's bin for `ece` and `mce`, 1…15: the smallest m with c ≤ m/15.0.
    public var bin: Int { CalibrationBins.bin(for: confidence) }
}

/// The 15 equal-width confidence bins of `ece` and `mce` (docs/metrics.md).
public enum CalibrationBins {
    /// The number of bins.
    public static let count = 15

    /// The smallest m in 1…15 with c ≤ m/15.0 (the division done in Double), so c = 0 and
    /// c = 1/15.0 go to bin 1 and c = 1 to bin 15; a confidence above 1 (or not a number) goes
    /// to bin 15.
    public static func bin(for confidence: Double) -> Int {
        for m in 1..<count where confidence <= Double(m) / 15.0 {
            return m
        }
        return count
    }
}
