import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import ClinvalReports
import Testing

/// The report model built from small in-memory runs: counts, the two charts, the miss reasons,
/// the worst-miss ranking and the gate outcomes in the report's terms.
struct ReportModelBuilderTests {
    /// A vignette with gold "a" and the given answer; ok, urgent gold, "a" ranked first by default.
    private func vignette(
        _ id: String, bank: String = "bank", mustPass: Bool = false, gold: TriageRange = TriageRange(.urgent),
        status: AnswerStatus = .ok, differential: [(String, Double)] = [("a", 0.9)], triage: TriageLevel? = .urgent,
        approximation: Approximation? = nil, error: String? = nil, present: [String] = [], absent: [String] = []
    ) -> ReportVignette {
        ReportVignette(
            outcome: VignetteOutcome(
                casebankID: bank, casebankVersion: "1", vignetteID: id, age: 40, sex: .male, mustPass: mustPass,
                goldDiagnosis: "a", goldTriage: gold, status: status,
                differential: differential.map { RankedCondition(condition: $0.0, probability: $0.1) }, triage: triage,
                latencyMs: 7),
            summary: "text of \(id)", present: present, absent: absent, error: error, approximation: approximation)
    }

    // MARK: Counts

    @Test func countsByStatusAndApproximation() {
        let counts = ReportModelBuilder.counts([
            vignette("v1"), vignette("v2", approximation: .init(method: "gibbs", samples: 100)),
            vignette("v3", status: .error), vignette("v4", status: .timeout), vignette("v5", status: .timeout),
        ])
        #expect(counts == RunCounts(vignettes: 5, ok: 2, error: 1, timeout: 2, approximate: 1))
    }

    @Test func approximationsByMethodWithTheirSampleCounts() {
        let uses = ReportModelBuilder.approximations([
            vignette("v1", approximation: .init(method: "gibbs", samples: 2000)),
            vignette("v2", approximation: .init(method: "gibbs", samples: 500)),
            vignette("v3", approximation: .init(method: "gibbs", samples: 2000)),
            vignette("v4", approximation: .init(method: "bounded")),
            vignette("v5"),
        ])
        #expect(uses == [
            ApproximationUse(method: "bounded", vignettes: 1, detail: nil),
            ApproximationUse(method: "gibbs", vignettes: 3, detail: "500, 2000 samples per vignette"),
        ])
    }

    // MARK: Triage confusion

    @Test func confusionCountsEveryCellWithErroredVignettesAsNoAnswer() {
        let cells = ReportModelBuilder.triageConfusion([
            vignette("v1", gold: TriageRange(.emergency), triage: .emergency),
            vignette("v2", gold: TriageRange(.emergency), triage: .routine),
            vignette("v3", gold: TriageRange(.emergency), status: .error, triage: .emergency),
            vignette("v4", gold: TriageRange(.emergency), status: .timeout, triage: nil),
            vignette("v5", gold: TriageRange(lower: .routine, upper: .urgent)!, triage: .urgent),
            vignette("v6", gold: TriageRange(.selfCare), triage: nil),
        ])
        // Every gold level × (no answer + every level), by gold then returned with no answer first.
        #expect(cells.count == 4 * 5)
        #expect(cells.prefix(5).map(\.returned) == [nil, .selfCare, .routine, .urgent, .emergency])
        #expect(cells.map(\.gold) == TriageLevel.allCases.flatMap { Array(repeating: $0, count: 5) })
        func count(_ gold: TriageLevel, _ returned: TriageLevel?) -> Int? {
            cells.first { $0.gold == gold && $0.returned == returned }?.count
        }
        #expect(count(.emergency, .emergency) == 1)
        #expect(count(.emergency, .routine) == 1)
        #expect(count(.emergency, nil) == 2, "an error's recorded level and a timeout both count as no answer")
        #expect(count(.routine, .urgent) == 1, "a range is filed under its lower level")
        #expect(count(.selfCare, nil) == 1, "ok without a level is no answer")
        #expect(cells.map(\.count).reduce(0, +) == 6)
    }

    @Test func confusionOfNoVignettesIsAllZeros() {
        let cells = ReportModelBuilder.triageConfusion([])
        #expect(cells.count == 20 && cells.allSatisfy { $0.count == 0 })
    }

    // MARK: Reliability

    @Test func reliabilityBinsPutAConfidenceOnAnEdgeInTheLowerBin() {
        let bins = ReportModelBuilder.reliability([
            vignette("v1", differential: [("a", 1.0 / 15.0)]),  // exactly 1/15: bin 1
            vignette("v2", differential: [("b", Double(5) / 15.0)]),  // exactly 5/15: bin 5, wrong
            vignette("v3", differential: [("a", (Double(5) / 15.0).nextUp)]),  // just above: bin 6
            vignette("v4", differential: [("a", 0)]),  // 0: bin 1
            vignette("v5", differential: [("a", 1)]),  // 1: bin 15
            vignette("v6", status: .error, differential: [("a", 0.5)]),  // no calibration point
            vignette("v7", differential: []),  // no calibration point
        ])
        #expect(bins.count == 15)
        #expect(bins.map(\.count) == [2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(bins[0].meanConfidence == (1.0 / 15.0 + 0) / 2 && bins[0].accuracy == 1)
        #expect(bins[4].meanConfidence == Double(5) / 15.0 && bins[4].accuracy == 0)
        #expect(bins[5].accuracy == 1 && bins[14].meanConfidence == 1)
        #expect(bins[1].meanConfidence == nil && bins[1].accuracy == nil)
    }

    @Test func reliabilityIsEmptyWithoutAnyDifferential() {
        #expect(ReportModelBuilder.reliability([vignette("v1", differential: []), vignette("v2", status: .timeout)]).isEmpty)
    }

    // MARK: Miss reasons

    @Test func missReasonForEachKind() {
        func reason(_ vignette: ReportVignette) -> String { ReportModelBuilder.missReason(vignette) }
        #expect(reason(vignette("v", status: .timeout)) == "no answer: timeout")
        #expect(reason(vignette("v", status: .error, error: "boom")) == "no answer: error")
        #expect(
            reason(vignette("v", differential: [("b", 0.4), ("c", 0.3), ("d", 0.2), ("a", 0.1)]))
                == "correct condition ranked 4, not in the top 3")
        #expect(reason(vignette("v", differential: [("b", 0.9)])) == "correct condition not in the differential")
        #expect(reason(vignette("v", differential: [])) == "correct condition not in the differential")
        #expect(
            reason(vignette("v", gold: TriageRange(.emergency), triage: .routine))
                == "under-triaged: routine where emergency was required")
        #expect(
            reason(vignette("v", gold: TriageRange(.emergency), triage: nil))
                == "under-triaged: no triage where emergency was required")
        #expect(
            reason(vignette("v", gold: TriageRange(lower: .urgent, upper: .emergency)!, differential: [("b", 0.9)], triage: .selfCare))
                == "correct condition not in the differential; under-triaged: self_care where urgent was required")
        #expect(reason(vignette("v", gold: TriageRange(.routine), triage: .emergency)) == "over-triaged")
    }

    @Test func mustPassOutcomesGiveAReasonOnlyForAMiss() {
        let outcomes = ReportModelBuilder.mustPass([
            vignette("v1", mustPass: true),
            vignette("v2"),
            vignette("v3", mustPass: true, status: .timeout),
        ])
        #expect(outcomes == [
            MustPassOutcome(casebankID: "bank", vignetteID: "v1", missReason: nil, latencyMs: 7),
            MustPassOutcome(casebankID: "bank", vignetteID: "v3", missReason: "no answer: timeout", latencyMs: 7),
        ])
    }

    @Test func caseDetailShowsTheFirstFiveConditionsAndNoTriageWithoutAnAnswer() {
        let differential = (1...7).map { ("c\($0)", 0.7 - Double($0) * 0.05) }
        let detail = ReportModelBuilder.caseDetail(
            vignette("v1", status: .error, differential: differential, triage: .urgent, error: "worker crashed"))
        #expect(detail.modelDifferential.map(\.condition) == ["c1", "c2", "c3", "c4", "c5"])
        #expect(detail.modelTriage == nil && detail.status == .error && detail.error == "worker crashed")
        #expect(detail.reason == "no answer: error" && detail.summary == "text of v1")
        #expect(detail.goldTriageLow == .urgent && detail.goldTriageHigh == .urgent)
    }

    @Test func caseDetailNamesTheFindingsByTheirLabelsInTheBanksOrder() {
        let labels = ["E_91": "Fever", "E_55": "Pain somewhere", "E_66": "", "E_0": "never used"]
        let detail = ReportModelBuilder.caseDetail(
            vignette("v1", present: ["E_91", "E_53", "E_55"], absent: ["E_66", "E_91x"]), findingLabels: labels)
        #expect(detail.presentFindings == [
            CaseFinding(code: "E_91", label: "Fever"), CaseFinding(code: "E_53"), CaseFinding(code: "E_55", label: "Pain somewhere"),
        ])
        #expect(detail.absentFindings == [CaseFinding(code: "E_66"), CaseFinding(code: "E_91x")], "an empty label is no label")
        let unlabelled = ReportModelBuilder.caseDetail(vignette("v2", present: ["E_91"]))
        #expect(unlabelled.presentFindings == [CaseFinding(code: "E_91")] && unlabelled.absentFindings.isEmpty)
    }

    @Test func bothListsOfMissesCarryTheFindingLabels() {
        let vignettes = [
            vignette("v1", mustPass: true, status: .timeout, present: ["E_91"], absent: ["E_55"]),
            vignette("v2", differential: [("b", 0.9)], present: ["E_55"]),
        ]
        let labels = ["E_91": "Fever", "E_55": "Pain somewhere"]
        let mustPass = ReportModelBuilder.mustPassMisses(vignettes, findingLabels: labels)
        #expect(mustPass.items.first?.presentFindings == [CaseFinding(code: "E_91", label: "Fever")])
        #expect(mustPass.items.first?.absentFindings == [CaseFinding(code: "E_55", label: "Pain somewhere")])
        let worst = ReportModelBuilder.worstMisses(vignettes, findingLabels: labels)
        #expect(worst.items.map(\.presentFindings) == [[CaseFinding(code: "E_55", label: "Pain somewhere")]])
    }

    // MARK: Worst misses

    @Test func missSeverityOrder() {
        func severity(_ vignette: ReportVignette) -> ReportModelBuilder.MissSeverity? {
            ReportModelBuilder.missSeverity(vignette.score)
        }
        #expect(severity(vignette("v", gold: TriageRange(.emergency), triage: .urgent)) == .emergencyMissed)
        #expect(severity(vignette("v", gold: TriageRange(.emergency), status: .timeout)) == .emergencyMissed)
        #expect(severity(vignette("v", gold: TriageRange(.urgent), triage: .routine)) == .undertriaged)
        #expect(severity(vignette("v", status: .error)) == .noAnswer)
        #expect(severity(vignette("v", differential: [("b", 0.9)])) == .notInTop3)
        #expect(severity(vignette("v", gold: TriageRange(.routine), triage: .emergency)) == nil, "over-triage alone is not listed")
        #expect(severity(vignette("v")) == nil)
        #expect(ReportModelBuilder.MissSeverity.allCases.sorted() == [.notInTop3, .noAnswer, .undertriaged, .emergencyMissed])
    }

    @Test func worstMissesRankByDangerThenBankAndVignetteAndLeaveOutMustPass() {
        let vignettes = [
            vignette("v1", differential: [("b", 0.9)]),  // not in top 3
            vignette("v2", status: .error),  // no answer
            vignette("v3", bank: "alpha", differential: [("b", 0.9)]),  // not in top 3, earlier bank
            vignette("v4", gold: TriageRange(.emergency), triage: .urgent),  // emergency missed
            vignette("v5", gold: TriageRange(.urgent), triage: .routine),  // under-triaged
            vignette("v6", mustPass: true, gold: TriageRange(.emergency), triage: .selfCare),  // must-pass: own list
            vignette("v7"),  // not a miss
            vignette("v0", differential: [("b", 0.9)]),  // not in top 3, tie with v1 by id
        ]
        let list = ReportModelBuilder.worstMisses(vignettes)
        #expect(list.items.map { "\($0.casebankID)/\($0.vignetteID)" } == [
            "bank/v4", "bank/v5", "bank/v2", "alpha/v3", "bank/v0", "bank/v1",
        ])
        #expect(list.total == 6)

        let cut = ReportModelBuilder.worstMisses(vignettes, limit: 2)
        #expect(cut.items.map(\.vignetteID) == ["v4", "v5"] && cut.total == 6)
    }

    @Test func mustPassMissesAreTheMissedMustPassVignettesInOrder() {
        // A miss that is not must-pass (v4) belongs to the other misses, not to this list.
        let list = ReportModelBuilder.mustPassMisses([
            vignette("v1", mustPass: true, status: .timeout),
            vignette("v4", status: .timeout),
            vignette("v2", mustPass: true),
            vignette("v3", mustPass: true, differential: [("b", 0.5), ("c", 0.3), ("d", 0.1), ("a", 0.05)]),
        ])
        #expect(list.items.map(\.vignetteID) == ["v1", "v3"] && list.total == 2)
        #expect(list.items.map(\.reason) == ["no answer: timeout", "correct condition ranked 4, not in the top 3"])
    }

    // MARK: Gate outcomes

    private func gateResult(
        _ outcome: ClinvalGate.CriterionResult.Outcome, passed: Bool = false, severity: CriterionSeverity = .blocking,
        baseline: BaselineFigures? = nil
    ) -> ClinvalGate.CriterionResult {
        ClinvalGate.CriterionResult(
            id: "c", metric: "top3_accuracy", scope: .all, severity: severity, passed: passed, outcome: outcome,
            observed: 0.8, threshold: 0.75, comparison: .atLeast, use: .ciLower, message: "the sentence",
            baseline: baseline)
    }

    @Test func gateOutcomesInTheReportsTerms() {
        let expected: [(ClinvalGate.CriterionResult.Outcome, Bool, ClinvalReports.ReportedCriterion.Outcome, String?)] = [
            (.met, true, .passed, nil),
            (.firstRunPassed, true, .passed, "first run: no baseline to compare with"),
            (.notMet, false, .failed, nil),
            (.tooFewCases, false, .failed, "too few cases"),
            (.emptyScope, false, .failed, "too few cases"),
            (.emptyPopulation, false, .failed, "too few cases"),
            (.metricUndefined, false, .failed, "metric undefined"),
            (.noBaseline, false, .failed, "no baseline run"),
            (.noBaseline, true, .passed, "no baseline run"),
            (.notComputed, false, .notEvaluated, "not computed"),
        ]
        for (outcome, passed, reportOutcome, reason) in expected {
            let result = ReportModelBuilder.criterion(gateResult(outcome, passed: passed))
            #expect(result.outcome == reportOutcome, "\(outcome) passed \(passed)")
            #expect(result.reason == reason, "\(outcome) passed \(passed)")
        }
        #expect(Set(expected.map(\.0)) == Set(ClinvalGate.CriterionResult.Outcome.allCases))
    }

    @Test func gateCriterionFieldsAndBaselineCarryOver() {
        let result = ReportModelBuilder.criterion(
            gateResult(
                .notMet, severity: .warning,
                baseline: .init(
                    runID: "base", candidateValue: 0.61, baselineValue: 0.6, difference: 0.01, differenceCILower: -0.01,
                    differenceCIUpper: 0.03, pValue: 0.5, pairedN: 200)))
        #expect(
            result
                == ClinvalReports.ReportedCriterion(
                    id: "c", metric: "top3_accuracy", scope: "all", severity: .warning, outcome: .failed, reason: nil,
                    observed: 0.8, threshold: 0.75, use: "ci_lower", message: "the sentence",
                    baseline: BaselineFigures(
                        runID: "base", candidateValue: 0.61, baselineValue: 0.6, difference: 0.01,
                        differenceCILower: -0.01, differenceCIUpper: 0.03, pValue: 0.5, pairedN: 200)))
        #expect(ReportModelBuilder.criterion(gateResult(.met, passed: true)).severity == .blocking)
    }

    // MARK: The whole input

    @Test func reportInputFromVignettesUsesTheBuilder() {
        let vignettes = [
            vignette("v1", mustPass: true, status: .timeout, present: ["E_1"]),
            vignette("v2", differential: [("b", 0.9)], absent: ["E_1"]), vignette("v3"),
        ]
        let run = RunInfo(
            runID: "r", verdict: .fail, status: .complete, startedAt: .init(timeIntervalSince1970: 0), finishedAt: nil,
            toolVersion: "0", model: ModelIdentity(name: "m", version: "1", kind: "noisy-or", sha256: "00"),
            casebanks: [], policy: PolicyIdentity(gate: "g", sha256: "11"))
        let input = ReportInput(
            run: run, vignettes: vignettes, criteria: [gateResult(.met, passed: true)], metrics: [],
            conditionLabels: ["a": "A"], findingLabels: ["E_1": "One"], worstMissesListed: 1)
        #expect(input.counts == ReportModelBuilder.counts(vignettes))
        #expect(input.triageConfusion == ReportModelBuilder.triageConfusion(vignettes))
        #expect(input.reliability == ReportModelBuilder.reliability(vignettes))
        #expect(input.mustPass == ReportModelBuilder.mustPass(vignettes))
        #expect(input.mustPassMisses.items.map(\.vignetteID) == ["v1"])
        #expect(input.worstMisses.items.map(\.vignetteID) == ["v2"] && input.worstMisses.total == 1)
        #expect(input.criteria.map(\.outcome) == [.passed] && input.conditionLabels == ["a": "A"])
        #expect(input.mustPassMisses.items.map(\.presentFindings) == [[CaseFinding(code: "E_1", label: "One")]])
        #expect(input.worstMisses.items.map(\.absentFindings) == [[CaseFinding(code: "E_1", label: "One")]])
    }
}
