import ClinvalCore
import ClinvalMetrics
import ClinvalGate
import ClinvalReports
import Foundation

/// Fixed report inputs for the tests: a failing run (the golden files), a passing run, an errored
/// run, a hostile run and a very large run.
enum ReportFixtures {
    /// 2026-11-29T10:15:00Z.
    static let start = Date(timeIntervalSince1970: 1_795_947_300)

    static let banks = [
        CasebankIdentity(
            id: "red-flags", version: "2026.11", sha256: String(repeating: "ab", count: 32), vignettes: 40,
            title: "Red-flag presentations that must never be missed", source: "Written and labelled by GP panel A"),
        CasebankIdentity(
            id: "common-conditions", version: "2026.10", sha256: String(repeating: "cd", count: 32), vignettes: 160,
            title: nil, source: "Adapted from DDXPlus by two GPs"),
    ]

    static func run(verdict: Verdict?, status: RunStatus = .complete, failureMessage: String? = nil) -> RunInfo {
        RunInfo(
            runID: "20261129-101500-demo", verdict: verdict, status: status, failureMessage: failureMessage,
            startedAt: start, finishedAt: start.addingTimeInterval(754.25), toolVersion: "0.4.0",
            gitCommit: "0123456789abcdef0123456789abcdef01234567", hostname: "ci-runner-7", jobs: 2, shard: nil,
            seed: 42, bootstrap: BootstrapSettings(resamples: 1000, seed: 20_261_129),
            model: ModelIdentity(name: "ddxplus-noisy-or", version: "1.0.0", kind: "noisy-or", sha256: String(repeating: "ef", count: 32)),
            casebanks: banks,
            policy: PolicyIdentity(gate: "release", sha256: String(repeating: "12", count: 32), path: "policies/release.yaml"),
            baselineRunID: "20261101-090000-prod")
    }

    static let counts = RunCounts(vignettes: 200, ok: 196, error: 3, timeout: 1, approximate: 12)

    // MARK: Criteria

    static let failingCriteria: [ReportedCriterion] = [
        ReportedCriterion(
            id: "top3", metric: "top3_accuracy", outcome: .passed, observed: 0.8112, threshold: 0.80, use: "ci_lower",
            message: "Top-3 accuracy was 86.5% on 200 vignettes (95% CI 81.1% to 90.3%); the lower bound 81.1% is at least the required 80.0%."),
        ReportedCriterion(
            id: "emergency-safety", metric: "emergency_undertriage_rate", outcome: .failed, observed: 0.1552,
            threshold: 0.02, use: "ci_upper",
            message: "Emergency under-triage was 5.0% on 40 emergency vignettes (95% CI 1.4% to 15.5%); the upper bound 15.5% is above the allowed 2.0%."),
        ReportedCriterion(
            id: "sentinels", metric: "must_pass_failures", outcome: .failed, observed: 2, threshold: 0,
            message: "2 of 4 must-pass vignettes were missed; none are allowed."),
        ReportedCriterion(
            id: "no-regression-top1", metric: "top1_accuracy", outcome: .passed, observed: -0.0123, threshold: -0.02,
            use: "ci_lower",
            message: "Top-1 accuracy was 61.0% against 60.0% for the baseline run on 200 shared vignettes: difference +1.0 percentage points (95% CI −1.2 to +3.2); the lower bound −1.2 is above the margin −2.0.",
            baseline: BaselineFigures(
                runID: "20261101-090000-prod", candidateValue: 0.61, baselineValue: 0.60, difference: 0.01,
                differenceCILower: -0.0123,
                differenceCIUpper: 0.0321, pValue: 0.6875, pairedN: 200)),
        ReportedCriterion(
            id: "calibration", metric: "ece", severity: .warning, outcome: .failed, observed: 0.0912, threshold: 0.08,
            message: "The expected calibration error was 0.091 on 196 vignettes with an answer; the most allowed is 0.080."),
        ReportedCriterion(
            id: "older-patients", metric: "top3_accuracy", scope: "age:65-120", outcome: .failed, reason: "too few cases",
            observed: nil, threshold: 0.75, use: "point",
            message: "Top-3 accuracy for ages 65–120 was measured on 12 vignettes, fewer than the 30 required: too few cases."),
    ]

    static var passingCriteria: [ReportedCriterion] {
        failingCriteria.filter { $0.id != "emergency-safety" && $0.id != "sentinels" && $0.id != "older-patients" }
    }

    // MARK: Metrics

    static func metricRows() -> [MetricValue] {
        var rows: [MetricValue] = [
            MetricValue(scope: parsedScope("all"), metric: "n", value: 200, n: 200),
            MetricValue(scope: parsedScope("all"), metric: "top1_accuracy", value: 0.61, ciLower: 0.5409, ciUpper: 0.6750, n: 200),
            MetricValue(scope: parsedScope("all"), metric: "top3_accuracy", value: 0.865, ciLower: 0.8112, ciUpper: 0.9052, n: 200),
            MetricValue(scope: parsedScope("all"), metric: "triage_accuracy", value: 0.78, ciLower: 0.7177, ciUpper: 0.8317, n: 200),
            MetricValue(scope: parsedScope("all"), metric: "undertriage_rate", value: 0.085, ciLower: 0.0534, ciUpper: 0.1326, n: 200),
            MetricValue(
                scope: parsedScope("all"), metric: "emergency_undertriage_rate", value: 0.05, ciLower: 0.0138, ciUpper: 0.1650,
                ciUpperExact: 0.1552, n: 40),
            MetricValue(scope: parsedScope("all"), metric: "must_pass_failures", value: 2, n: 4),
            MetricValue(scope: parsedScope("all"), metric: "ece", value: 0.0912, ciLower: 0.0601, ciUpper: 0.1233, n: 196),
            MetricValue(scope: parsedScope("all"), metric: "error_rate", value: 0.02, ciLower: 0.0078, ciUpper: 0.0503, n: 200),
            MetricValue(scope: parsedScope("all"), metric: "coverage", value: 0.98, ciLower: 0.9497, ciUpper: 0.9922, n: 200),
        ]
        let breakdowns: [(String, Int, Double)] = [
            ("casebank:red-flags", 40, 0.80), ("casebank:common-conditions", 160, 0.88),
            ("tag:cardiac", 14, 0.7857), ("tag:respiratory", 31, 0.9032),
            ("sex:female", 104, 0.8654), ("sex:male", 96, 0.8646),
            ("age:0-17", 0, 0), ("age:18-39", 70, 0.90), ("age:40-64", 118, 0.85), ("age:65-120", 12, 0.75),
            ("triage:emergency", 40, 0.80), ("triage:urgent", 50, 0.86), ("triage:routine", 70, 0.90),
            ("triage:self_care", 40, 0.875),
        ]
        for (scope, n, top3) in breakdowns {
            rows.append(MetricValue(scope: parsedScope(scope), metric: "n", value: Double(n), n: n))
            if n == 0 {
                rows.append(MetricValue(scope: parsedScope(scope), metric: "top3_accuracy", value: nil, n: 0))
                continue
            }
            rows.append(MetricValue(scope: parsedScope(scope), metric: "top3_accuracy", value: top3, ciLower: top3 - 0.1, ciUpper: min(1, top3 + 0.07), n: n))
            rows.append(MetricValue(scope: parsedScope(scope), metric: "triage_accuracy", value: top3 - 0.08, n: n))
            rows.append(MetricValue(scope: parsedScope(scope), metric: "undertriage_rate", value: (1 - top3) / 2, n: n))
        }
        return rows
    }

    static let reliability: [ReliabilityBin] = (0..<15).map { index in
        let counts = [0, 0, 1, 2, 4, 6, 9, 12, 15, 18, 20, 24, 26, 28, 31]
        let count = counts[index]
        guard count > 0 else { return ReliabilityBin(count: 0, meanConfidence: nil, accuracy: nil) }
        let confidence = (Double(index) + 0.5) / 15
        return ReliabilityBin(count: count, meanConfidence: confidence, accuracy: max(0, confidence - 0.08))
    }

    static let confusion: [TriageConfusionCell] = [
        TriageConfusionCell(gold: .emergency, returned: .emergency, count: 36),
        TriageConfusionCell(gold: .emergency, returned: .urgent, count: 2),
        TriageConfusionCell(gold: .emergency, returned: nil, count: 2),
        TriageConfusionCell(gold: .urgent, returned: .emergency, count: 5),
        TriageConfusionCell(gold: .urgent, returned: .urgent, count: 40),
        TriageConfusionCell(gold: .urgent, returned: .routine, count: 4),
        TriageConfusionCell(gold: .urgent, returned: nil, count: 1),
        TriageConfusionCell(gold: .routine, returned: .urgent, count: 6),
        TriageConfusionCell(gold: .routine, returned: .routine, count: 58),
        TriageConfusionCell(gold: .routine, returned: .selfCare, count: 6),
        TriageConfusionCell(gold: .selfCare, returned: .routine, count: 7),
        TriageConfusionCell(gold: .selfCare, returned: .selfCare, count: 33),
    ]

    // MARK: Vignettes

    static let mustPass: [MustPassOutcome] = [
        MustPassOutcome(casebankID: "red-flags", vignetteID: "rf-001", missReason: nil, latencyMs: 12.5),
        MustPassOutcome(
            casebankID: "red-flags", vignetteID: "rf-002",
            missReason: "under-triaged: urgent where emergency was required", latencyMs: 10.25),
        MustPassOutcome(casebankID: "red-flags", vignetteID: "rf-003", missReason: nil, latencyMs: 9.0),
        MustPassOutcome(casebankID: "red-flags", vignetteID: "rf-004", missReason: "no answer: timeout", latencyMs: nil),
    ]

    static let mustPassMisses = CaseList(items: [
        CaseDetail(
            casebankID: "red-flags", vignetteID: "rf-002",
            summary: "58-year-old man, crushing central chest pain for 30 minutes, sweating", age: 58, sex: .male,
            presentFindings: [
                CaseFinding(code: "E_55", label: "Pain somewhere"), CaseFinding(code: "E_57", label: "Pain radiates"),
                CaseFinding(code: "E_50", label: "Increased sweating"),
            ],
            absentFindings: [CaseFinding(code: "E_91", label: "Fever")],
            goldDiagnosis: "possible-nstemi-stemi", alsoCorrect: ["unstable-angina"],
            goldDifferential: ["unstable-angina", "pericarditis"], goldTriageLow: .emergency, modelTriage: .urgent,
            modelDifferential: [
                RankedCondition(condition: "gerd", probability: 0.41), RankedCondition(condition: "unstable-angina", probability: 0.22),
                RankedCondition(condition: "pericarditis", probability: 0.12),
            ],
            reason: "under-triaged: urgent where emergency was required"),
        CaseDetail(
            casebankID: "red-flags", vignetteID: "rf-004",
            summary: "23-year-old woman, sudden severe headache, neck stiffness", age: 23, sex: .female,
            presentFindings: [CaseFinding(code: "E_130", label: "Headache"), CaseFinding(code: "E_131", label: "Stiff neck")],
            goldDiagnosis: "sah", goldTriageLow: .emergency, modelTriage: nil, modelDifferential: [], status: .timeout,
            reason: "no answer: timeout"),
    ])

    static let worstMisses = CaseList(
        items: [
            CaseDetail(
                casebankID: "common-conditions", vignetteID: "cc-117", summary: "4-year-old with fever and barking cough",
                age: 4, sex: .female,
                presentFindings: [
                    CaseFinding(code: "E_91", label: "Fever"), CaseFinding(code: "E_201", label: "Cough"),
                    CaseFinding(code: "E_204"),
                ],
                absentFindings: [CaseFinding(code: "E_66", label: "Shortness of breath")],
                goldDiagnosis: "croup", goldTriageLow: .routine, goldTriageHigh: .urgent,
                modelTriage: .selfCare,
                modelDifferential: [
                    RankedCondition(condition: "urti", probability: 0.52), RankedCondition(condition: "bronchitis", probability: 0.2),
                    RankedCondition(condition: "croup", probability: 0.11),
                ],
                reason: "under-triaged: self_care where routine was required"),
            CaseDetail(
                casebankID: "common-conditions", vignetteID: "cc-042", summary: nil, age: 71, sex: .male,
                goldDiagnosis: "pneumonia", goldTriageLow: .urgent, modelTriage: .urgent,
                modelDifferential: [
                    RankedCondition(condition: "bronchitis", probability: 0.33), RankedCondition(condition: "copd-exacerbation", probability: 0.31),
                    RankedCondition(condition: "urti", probability: 0.12), RankedCondition(condition: "pneumonia", probability: 0.08),
                ],
                reason: "correct condition not in the top 3"),
        ],
        total: 5)

    static let labels = [
        "possible-nstemi-stemi": "Possible NSTEMI / STEMI", "unstable-angina": "Unstable angina",
        "pericarditis": "Pericarditis", "gerd": "GERD", "sah": "Subarachnoid haemorrhage", "croup": "Croup",
        "urti": "URTI", "bronchitis": "Bronchitis", "pneumonia": "Pneumonia",
    ]

    // MARK: Runs

    /// The golden run: the gate failed on two blocking criteria and one warning.
    static func failing() -> ReportInput {
        ReportInput(
            run: run(verdict: .fail), counts: counts,
            approximations: [ApproximationUse(method: "gibbs", vignettes: 12, detail: "20000 samples per vignette, seed 42")],
            criteria: failingCriteria, metrics: metricRows(), reliability: reliability, triageConfusion: confusion,
            mustPass: mustPass, mustPassMisses: mustPassMisses, worstMisses: worstMisses, conditionLabels: labels)
    }

    /// Every blocking criterion passed; one warning failed.
    static func passing() -> ReportInput {
        var input = failing()
        input.run.verdict = .pass
        input.criteria = passingCriteria
        input.mustPass = mustPass.map { MustPassOutcome(casebankID: $0.casebankID, vignetteID: $0.vignetteID, missReason: nil, latencyMs: $0.latencyMs) }
        input.mustPassMisses = CaseList()
        return input
    }

    /// A waiver covers the one failed blocking criterion; one signature is current, one superseded.
    static func waived() -> ReportInput {
        var input = passing()
        let waiver = Waiver(
            id: 4, modelName: "demo", modelVersion: "1.2.0", modelSHA256: String(repeating: "b", count: 64),
            casebanksSHA256: String(repeating: "c", count: 64), policySHA256: String(repeating: "d", count: 64),
            criterionID: "emergency-safety", runID: input.run.runID, observedAtGrant: 0.1552, valueAtGrant: 0.05,
            approver: "Dr A. Okafor", role: "clinical-safety-officer",
            reason: "Chest-pain triage rule fix ships in 1.2.1 <next week>", hazard: "HAZ-12",
            expiresOn: CalendarDay("2026-12-31")!, grantedAt: start.addingTimeInterval(900))
        var criterion = failingCriteria[1]
        criterion.outcome = .waived
        criterion.reason = "waived by Dr A. Okafor (clinical-safety-officer) until 2026-12-31"
        criterion.waiver = WaiverUse(waiver: waiver, state: .applied)
        input.criteria.insert(criterion, at: 1)
        let digest = String(repeating: "e", count: 64)
        input.review = ReportReview(
            labels: .adjudicated, decisionSHA256: digest,
            signatures: [
                .init(
                    signature: Signature(
                        id: 1, runID: input.run.runID, name: "Dr B. Lee", role: "clinical-safety-officer",
                        meaning: .approved, decisionSHA256: String(repeating: "9", count: 64), signedAt: start.addingTimeInterval(800)),
                    isCurrent: false),
                .init(
                    signature: Signature(
                        id: 2, runID: input.run.runID, name: "Dr A. Okafor", role: "clinical-safety-officer",
                        meaning: .approved, decisionSHA256: digest, signedAt: start.addingTimeInterval(1000)),
                    isCurrent: true),
            ],
            auditHead: String(repeating: "f", count: 64))
        return input
    }

    /// The run stopped: no verdict, criteria not evaluated, few results.
    static func errored() -> ReportInput {
        var input = failing()
        input.run = run(verdict: nil, status: .failed, failureMessage: "the model was unreachable for the whole run")
        input.run.finishedAt = nil
        input.counts = RunCounts(vignettes: 200, ok: 0, error: 200, timeout: 0, approximate: 0)
        input.criteria = failingCriteria.map { criterion in
            var copy = criterion
            copy.outcome = .notEvaluated
            copy.reason = "the run did not complete"
            copy.observed = nil
            copy.baseline = nil
            copy.message = "Not evaluated: the run did not complete."
            return copy
        }
        input.metrics = []
        input.reliability = []
        input.triageConfusion = []
        input.mustPass = []
        input.mustPassMisses = CaseList()
        input.worstMisses = CaseList()
        return input
    }
}

// MARK: Hostile and large inputs

extension ReportFixtures {
    /// Text that would break out of markup, run script, reorder the page or break XML if printed raw.
    static let payloads = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "]]>", "\u{0}\u{1}\u{7}\u{1B}[31m\u{7F}\u{85}",
        "\u{202E}gnp.exe\u{202C}", "\u{2066}isolated\u{2069}", noncharacters, "'single' & \"double\" <b>bold</b>",
    ]
    /// U+FFFE, U+FFFF and U+FDD0 (Swift literals cannot hold them).
    static let noncharacters = String(String.UnicodeScalarView([0xFFFE, 0xFFFF, 0xFDD0].compactMap(Unicode.Scalar.init)))
    static let hostileText = payloads.joined(separator: " ")
    /// Marks vignette text, which must never reach `junit.xml`.
    static let summaryMarker = "SUMMARY-TEXT-7f3a"
    /// Marks a finding's code or label, which must never reach `junit.xml` either.
    static let findingMarker = "FINDING-TEXT-2c9e"

    /// Every free-text field filled with the payloads.
    static func hostile() -> ReportInput {
        var input = failing()
        let bankID = "bank" + hostileText
        input.run.runID = "run" + hostileText
        input.run.hostname = hostileText
        input.run.failureMessage = hostileText
        input.run.model.name = "model" + hostileText
        input.run.model.version = hostileText
        input.run.policy.path = hostileText
        input.run.gitCommit = hostileText
        input.run.shard = hostileText
        input.run.baselineRunID = hostileText
        input.run.casebanks.append(
            CasebankIdentity(id: bankID, version: hostileText, sha256: hostileText, vignettes: 3, title: hostileText, source: hostileText))
        input.approximations = [ApproximationUse(method: hostileText, vignettes: 1, detail: hostileText)]
        input.criteria = failingCriteria.map { criterion in
            var copy = criterion
            copy.id = criterion.id + hostileText
            copy.message = hostileText
            copy.reason = hostileText
            copy.scope = "tag:" + hostileText
            copy.use = hostileText
            return copy
        }
        input.metrics += [
            MetricValue(scope: .tag(hostileText), metric: "n", value: 3, n: 3),
            MetricValue(scope: .tag(hostileText), metric: "top3_accuracy", value: 0.5, ciLower: 0.1, ciUpper: 0.9, n: 3),
            MetricValue(scope: .casebank(bankID), metric: "n", value: 3, n: 3),
            MetricValue(scope: .condition(hostileText), metric: "n", value: 3, n: 3),
        ]
        let detail = CaseDetail(
            casebankID: bankID, vignetteID: "v" + hostileText, summary: summaryMarker + " " + hostileText, age: 40, sex: .female,
            presentFindings: [CaseFinding(code: "E" + hostileText, label: findingMarker + hostileText), CaseFinding(code: hostileText)],
            absentFindings: [CaseFinding(code: findingMarker, label: hostileText)],
            goldDiagnosis: "code" + hostileText, alsoCorrect: [hostileText], goldDifferential: [hostileText],
            goldTriageLow: .emergency, modelTriage: .selfCare,
            modelDifferential: [RankedCondition(condition: hostileText, probability: 0.5)], status: .error,
            error: summaryMarker + hostileText, reason: hostileText)
        input.mustPass.append(MustPassOutcome(casebankID: bankID, vignetteID: "v" + hostileText, missReason: hostileText))
        input.mustPassMisses = CaseList(items: [detail])
        input.worstMisses = CaseList(items: [detail], total: 2)
        input.conditionLabels = [hostileText: hostileText, "code" + hostileText: hostileText]
        return input
    }

    /// A run over 100,000 vignettes with many failures: 5,000 must-pass vignettes (2,000 missed),
    /// 2,000 detailed must-pass misses and 2,000 other misses listed, 60 scopes, 40 criteria.
    static func large() -> ReportInput {
        var input = failing()
        input.counts = RunCounts(vignettes: 100_000, ok: 98_000, error: 1_500, timeout: 500, approximate: 4_000)
        let bankIDs = (0..<20).map { "bank-\($0)" }
        input.run.casebanks = bankIDs.map {
            CasebankIdentity(id: $0, version: "1", sha256: String(repeating: "0", count: 64), vignettes: 5_000, title: "Bank \($0)", source: "synthetic")
        }
        input.mustPass = (0..<5_000).map { index in
            MustPassOutcome(
                casebankID: bankIDs[index % 20], vignetteID: "mp-\(index)",
                missReason: index % 5 < 2 ? "correct condition not in the top 3" : nil, latencyMs: 3.5)
        }
        let summary = String(repeating: "Patient with several findings described at length. ", count: 8)
        let findingLabel = String(repeating: "A finding with a long question for a label? ", count: 8)
        let present = (0..<80).map { CaseFinding(code: "E_\($0)", label: findingLabel) }
        let absent = (0..<300).map { CaseFinding(code: "E_\(1_000 + $0)") }
        let detail = { (index: Int) in
            CaseDetail(
                casebankID: bankIDs[index % 20], vignetteID: "v-\(index)", summary: summary, age: 50, sex: .male,
                presentFindings: present, absentFindings: absent,
                goldDiagnosis: "cond-\(index % 400)", alsoCorrect: ["cond-1", "cond-2"], goldDifferential: ["cond-3", "cond-4", "cond-5"],
                goldTriageLow: .urgent, modelTriage: .routine,
                modelDifferential: (0..<10).map { RankedCondition(condition: "cond-\($0)", probability: 0.1) },
                reason: "under-triaged: routine where urgent was required")
        }
        input.mustPassMisses = CaseList(items: (0..<2_000).map(detail), total: 2_000)
        input.worstMisses = CaseList(items: (0..<2_000).map(detail), total: 20_000)
        var scopes = ["all"] + bankIDs.map { "casebank:\($0)" } + (0..<30).map { "tag:tag-\($0)" }
        scopes += ["sex:female", "sex:male", "age:0-17", "age:18-39", "age:40-64", "age:65-120"]
        scopes += ["triage:emergency", "triage:urgent", "triage:routine", "triage:self_care"]
        input.metrics = scopes.flatMap { scope in
            ClinvalMetrics.MetricRegistry.ids.map { metric in
                MetricValue(scope: parsedScope(scope), metric: metric, value: 0.5, ciLower: 0.4, ciUpper: 0.6, n: 5_000)
            }
        }
        input.criteria = (0..<40).map { index in
            ReportedCriterion(
                id: "criterion-\(index)", metric: "top3_accuracy", outcome: index % 3 == 0 ? .failed : .passed,
                observed: 0.5, threshold: 0.6, message: String(repeating: "A long sentence. ", count: 20))
        }
        input.conditionLabels = Dictionary(uniqueKeysWithValues: (0..<400).map { ("cond-\($0)", "Condition number \($0)") })
        return input
    }
}

/// A scope written as its canonical text in a fixture (`all`, `age:18-39`).
func parsedScope(_ text: String) -> Scope {
    guard case .success(let scope) = Scope.parse(text) else {
        preconditionFailure("fixture scope \(text) does not parse")
    }
    return scope
}
