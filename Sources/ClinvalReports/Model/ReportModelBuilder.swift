import ClinvalCore
import ClinvalGate
import ClinvalMetrics

/// Builds the report's lists from a run's vignettes and the gate's decision: the counts, the two
/// charts, the must-pass outcomes, the misses in words and their ranking, and the gate's
/// outcomes in the report's terms. Pure functions; each vignette's score is read from
/// ``ReportVignette/score``, never derived again.
///
/// ```swift
/// let input = ReportInput(run: run, vignettes: vignettes, criteria: decision.criteria, metrics: metrics)
/// ```
public enum ReportModelBuilder {
    /// How many misses beyond the must-pass ones the report details.
    public static let worstMissesListed = 100

    // MARK: Counts

    /// How many vignettes ended how.
    public static func counts(_ vignettes: [ReportVignette]) -> RunCounts {
        var ok = 0, error = 0, timeout = 0, approximate = 0
        for vignette in vignettes {
            switch vignette.outcome.status {
            case .ok: ok += 1
            case .error: error += 1
            case .timeout: timeout += 1
            }
            if vignette.approximation != nil { approximate += 1 }
        }
        return RunCounts(vignettes: vignettes.count, ok: ok, error: error, timeout: timeout, approximate: approximate)
    }

    /// The approximate methods used, by method name, with the distinct sample counts in words.
    public static func approximations(_ vignettes: [ReportVignette]) -> [ApproximationUse] {
        var byMethod: [String: (count: Int, samples: Set<Int>)] = [:]
        for vignette in vignettes {
            guard let approximation = vignette.approximation else { continue }
            var item = byMethod[approximation.method] ?? (0, [])
            item.count += 1
            if let samples = approximation.samples { item.samples.insert(samples) }
            byMethod[approximation.method] = item
        }
        return byMethod.keys.sorted().compactMap { method in
            guard let item = byMethod[method] else { return nil }
            let detail = item.samples.isEmpty
                ? nil : "\(item.samples.sorted().map(String.init).joined(separator: ", ")) samples per vignette"
            return ApproximationUse(method: method, vignettes: item.count, detail: detail)
        }
    }

    // MARK: Gate

    /// A criterion's result in the report's terms: passed, failed or not evaluated, with the reason
    /// in words for an outcome other than a comparison.
    public static func criterion(_ result: ClinvalGate.CriterionResult) -> ReportedCriterion {
        var outcome: ReportedCriterion.Outcome
        var reason: String?
        switch result.outcome {
        case .met, .firstRunPassed: outcome = .passed
        case .notMet: outcome = .failed
        case .tooFewCases, .emptyScope, .emptyPopulation:
            outcome = .failed
            reason = "too few cases"
        case .metricUndefined:
            outcome = .failed
            reason = "metric undefined"
        case .noBaseline:
            outcome = result.passed ? .passed : .failed
            reason = "no baseline run"
        case .notComputed:
            outcome = .notEvaluated
            reason = "not computed"
        }
        if result.outcome == .firstRunPassed { reason = "first run: no baseline to compare with" }
        if result.isWaived, let waiver = result.waiver?.waiver {
            outcome = .waived
            reason = "waived by \(waiver.approver) (\(waiver.role)) until \(waiver.expiresOn)"
        }
        return ReportedCriterion(
            id: result.id, metric: result.metric, scope: result.scope.description,
            severity: result.severity, outcome: outcome, reason: reason,
            observed: result.observed, threshold: result.threshold, use: result.use.rawValue, message: result.message,
            baseline: result.baseline, waiver: result.waiver)
    }

    // MARK: Charts

    /// The 15 confidence bins of the reliability diagram (``CalibrationBins``), lowest first; empty
    /// when no vignette has a calibration point.
    public static func reliability(_ vignettes: [ReportVignette]) -> [ReliabilityBin] {
        var count = [Int](repeating: 0, count: CalibrationBins.count)
        var confidence = [Double](repeating: 0, count: CalibrationBins.count)
        var correct = [Int](repeating: 0, count: CalibrationBins.count)
        var any = false
        for index in vignettes.indices {
            guard let point = vignettes[index].score.calibration else { continue }
            any = true
            let bin = point.bin - 1
            count[bin] += 1
            confidence[bin] += point.confidence
            if point.isTopCorrect { correct[bin] += 1 }
        }
        guard any else { return [] }
        return (0..<CalibrationBins.count).map { bin in
            ReliabilityBin(
                count: count[bin], meanConfidence: count[bin] > 0 ? confidence[bin] / Double(count[bin]) : nil,
                accuracy: count[bin] > 0 ? Double(correct[bin]) / Double(count[bin]) : nil)
        }
    }

    /// The triage confusion matrix: every cell, by gold lower level, then returned level with "no
    /// answer" (an error, a timeout, or no level returned) first. One pass, reading in place.
    public static func triageConfusion(_ vignettes: [ReportVignette]) -> [TriageConfusionCell] {
        let returnedLevels: [TriageLevel?] = [nil] + TriageLevel.allCases.map(Optional.some)
        var counts: [TriageLevel: [Int]] = [:]
        for index in vignettes.indices {
            let gold = vignettes[index].outcome.goldTriage.lower
            guard let column = returnedLevels.firstIndex(of: vignettes[index].score.returnedTriage) else { continue }
            counts[gold, default: [Int](repeating: 0, count: returnedLevels.count)][column] += 1
        }
        return TriageLevel.allCases.flatMap { gold in
            returnedLevels.enumerated().map { column, returned in
                TriageConfusionCell(gold: gold, returned: returned, count: counts[gold]?[column] ?? 0)
            }
        }
    }

    // MARK: Misses

    /// Every `must_pass` vignette with its miss reason (`nil` when it passed), for the JUnit suites.
    public static func mustPass(_ vignettes: [ReportVignette]) -> [MustPassOutcome] {
        vignettes.filter(\.outcome.mustPass).map { vignette in
            MustPassOutcome(
                casebankID: vignette.outcome.casebankID, vignetteID: vignette.outcome.vignetteID,
                missReason: vignette.score.isMustPassFailure ? missReason(vignette) : nil,
                latencyMs: vignette.outcome.latencyMs)
        }
    }

    /// The `must_pass` vignettes that fail the must-pass test (``VignetteScore/isMustPassFailure``),
    /// in detail, in the order given, their findings named by `findingLabels` (code → label).
    /// Other misses are the worst misses' (``worstMisses(_:limit:findingLabels:)``).
    public static func mustPassMisses(_ vignettes: [ReportVignette], findingLabels: [String: String] = [:]) -> CaseList {
        CaseList(
            items: vignettes.filter { $0.outcome.mustPass && $0.score.isMustPassFailure }.map {
                caseDetail($0, findingLabels: findingLabels)
            })
    }

    /// How dangerous a miss is, for ranking the worst misses (higher first).
    public enum MissSeverity: Int, Sendable, Hashable, Comparable, CaseIterable {
        /// The correct condition is not in the top 3.
        case notInTop3 = 1
        /// The model gave no answer (error or timeout).
        case noAnswer = 2
        /// An answer below the gold range.
        case undertriaged = 3
        /// An emergency not sent to emergency care (with or without an answer).
        case emergencyMissed = 4

        public static func < (left: MissSeverity, right: MissSeverity) -> Bool { left.rawValue < right.rawValue }
    }

    /// A vignette's miss severity, or `nil` when it is not a miss worth listing.
    public static func missSeverity(_ score: VignetteScore) -> MissSeverity? {
        if score.hasEmergencyGold && score.isBelowEmergency { return .emergencyMissed }
        if score.isUndertriaged && !score.isError { return .undertriaged }
        if score.isError { return .noAnswer }
        if !score.isInTop(3) { return .notInTop3 }
        return nil
    }

    /// Why a vignette counts as missed, in words: "no answer: timeout", "correct condition ranked
    /// 5, not in the top 3", "correct condition not in the differential", "under-triaged: routine
    /// where emergency was required" (the last two joined by "; "), else "over-triaged".
    public static func missReason(_ vignette: ReportVignette) -> String {
        let outcome = vignette.outcome
        let score = vignette.score
        if outcome.status != .ok {
            return "no answer: \(outcome.status.rawValue)"
        }
        var reasons: [String] = []
        if score.bestRank.map({ $0 > 3 }) ?? true {
            reasons.append(
                score.bestRank.map { "correct condition ranked \($0), not in the top 3" }
                    ?? "correct condition not in the differential")
        }
        if score.isUndertriaged {
            let returned = outcome.triage?.rawValue ?? "no triage"
            reasons.append("under-triaged: \(returned) where \(outcome.goldTriage.lower.rawValue) was required")
        }
        return reasons.isEmpty ? "over-triaged" : reasons.joined(separator: "; ")
    }

    /// The misses that matter most, most dangerous first (``MissSeverity``), ties by bank id then
    /// vignette id; `must_pass` vignettes are left out (they have their own list). Keeps the first
    /// `limit` in detail, their findings named by `findingLabels`, and the true total.
    public static func worstMisses(
        _ vignettes: [ReportVignette], limit: Int = worstMissesListed, findingLabels: [String: String] = [:]
    ) -> CaseList {
        let ranked = vignettes.indices.compactMap { index -> (MissSeverity, Int)? in
            guard !vignettes[index].outcome.mustPass, let severity = missSeverity(vignettes[index].score) else {
                return nil
            }
            return (severity, index)
        }.sorted { left, right in
            if left.0 != right.0 { return left.0 > right.0 }
            let l = vignettes[left.1].outcome, r = vignettes[right.1].outcome
            return (l.casebankID, l.vignetteID) < (r.casebankID, r.vignetteID)
        }
        return CaseList(
            items: ranked.prefix(max(0, limit)).map { caseDetail(vignettes[$0.1], findingLabels: findingLabels) },
            total: ranked.count)
    }

    /// A vignette in detail: its present and absent findings in the bank's order, each with its
    /// label from `findingLabels` (code → label; a code without one is shown as the code), the
    /// doctors' labels, the answer (the first 5 conditions; no triage without an answer) and
    /// ``missReason(_:)``.
    public static func caseDetail(_ vignette: ReportVignette, findingLabels: [String: String] = [:]) -> CaseDetail {
        let outcome = vignette.outcome
        return CaseDetail(
            casebankID: outcome.casebankID, vignetteID: outcome.vignetteID, summary: vignette.summary,
            age: outcome.age, sex: outcome.sex,
            presentFindings: CaseFinding.list(vignette.present, labels: findingLabels),
            absentFindings: CaseFinding.list(vignette.absent, labels: findingLabels),
            goldDiagnosis: outcome.goldDiagnosis,
            alsoCorrect: outcome.alsoCorrect, goldDifferential: outcome.goldDifferential,
            goldTriageLow: outcome.goldTriage.lower, goldTriageHigh: outcome.goldTriage.upper,
            modelTriage: vignette.score.returnedTriage, modelDifferential: Array(outcome.differential.prefix(5)),
            status: outcome.status, error: vignette.error, reason: missReason(vignette))
    }
}

extension ReportInput {
    /// The input of a run, built from its vignettes and the gate's criterion results
    /// (``ReportModelBuilder``); `conditionLabels` and `findingLabels` are the model's labels of
    /// its codes (code → label).
    public init(
        run: RunInfo, vignettes: [ReportVignette], criteria: [ClinvalGate.CriterionResult], metrics: [MetricValue],
        conditionLabels: [String: String] = [:], findingLabels: [String: String] = [:],
        worstMissesListed: Int = ReportModelBuilder.worstMissesListed
    ) {
        self.init(
            run: run, counts: ReportModelBuilder.counts(vignettes),
            approximations: ReportModelBuilder.approximations(vignettes),
            criteria: criteria.map(ReportModelBuilder.criterion), metrics: metrics,
            reliability: ReportModelBuilder.reliability(vignettes),
            triageConfusion: ReportModelBuilder.triageConfusion(vignettes),
            mustPass: ReportModelBuilder.mustPass(vignettes),
            mustPassMisses: ReportModelBuilder.mustPassMisses(vignettes, findingLabels: findingLabels),
            worstMisses: ReportModelBuilder.worstMisses(vignettes, limit: worstMissesListed, findingLabels: findingLabels),
            conditionLabels: conditionLabels)
    }
}
