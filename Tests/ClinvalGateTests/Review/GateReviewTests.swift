import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import Foundation
import Testing

/// Waivers, the decision digest and the approval requirement (docs/clinical-review.md).
struct GateReviewTests {
    static let policySHA = String(repeating: "a", count: 64)
    static let model = ModelIdentity(name: "demo", version: "1.2.0", kind: "noisy-or", sha256: String(repeating: "b", count: 64))
    static let banks = [
        CasebankIdentity(id: "red-flags", version: "1", sha256: String(repeating: "c", count: 64), vignettes: 10),
        CasebankIdentity(id: "common", version: "1", sha256: String(repeating: "d", count: 64), vignettes: 10),
    ]
    /// 2026-12-02T12:00:00Z.
    static let noon = Date(timeIntervalSince1970: 1_796_212_800)

    /// Top-3 accuracy 0.70 (95% CI 0.62–0.77) on 100: fails `min: 0.8` on the point.
    static let failingRows = [
        MetricValue(scope: .all, metric: "n", value: 100, n: 100),
        MetricValue(scope: .all, metric: "top3_accuracy", value: 0.70, ciLower: 0.62, ciUpper: 0.77, n: 100),
    ]

    static func policy(_ criteria: [Criterion], approval: ApprovalRequirement? = nil) -> GatePolicy {
        GatePolicy(gate: "release", criteria: criteria, approval: approval, file: "p.yaml", sha256: policySHA)
    }

    static func waiver(
        id: Int64 = 1, criterion: String = "top3", observed: Double = 0.70, value: Double? = 0.70,
        expires: String = "2026-12-31", version: String = "1.2.0", policy: String = policySHA,
        banks: [CasebankIdentity] = banks, grantedAt: Date = noon.addingTimeInterval(-3600)
    ) -> Waiver {
        Waiver(
            id: id, modelName: "demo", modelVersion: version, modelSHA256: model.sha256,
            casebanksSHA256: CasebankIdentity.combinedSHA256(banks), policySHA256: policy, criterionID: criterion,
            runID: "r1", observedAtGrant: observed, valueAtGrant: value, approver: "Dr A. Okafor",
            role: "clinical-safety-officer", reason: "fix ships in 1.2.1", hazard: "HAZ-7",
            expiresOn: CalendarDay(expires)!, grantedAt: grantedAt)
    }

    static func review(waivers: [Waiver] = [], signatures: [Signature] = [], now: Date = noon) -> GateReview {
        GateReview(runID: "r1", model: model, casebanks: banks, waivers: waivers, signatures: signatures, now: now)
    }

    static let top3 = thresholdCriterion("top3", metric: "top3_accuracy", min: 0.8)

    @Test func aCurrentWaiverOnTheSameValuesPassesTheGate() throws {
        let decision = GateEvaluator.evaluate(
            policy: Self.policy([Self.top3]), metrics: Self.failingRows, baseline: nil,
            review: Self.review(waivers: [Self.waiver()]))
        let result = try #require(decision.criteria.first)
        #expect(!result.passed)
        #expect(result.isWaived)
        #expect(result.waiver?.state == .applied)
        #expect(!result.failsGate)
        #expect(decision.verdict == .pass)
        #expect(decision.waived.map(\.id) == ["top3"])
        #expect(result.message.hasSuffix("Waived by Dr A. Okafor (clinical-safety-officer) until 2026-12-31, hazard HAZ-7; it does not fail the gate."))
    }

    @Test func withoutAWaiverTheGateFails() {
        let decision = GateEvaluator.evaluate(
            policy: Self.policy([Self.top3]), metrics: Self.failingRows, baseline: nil, review: Self.review())
        #expect(decision.verdict == .fail)
        #expect(decision.criteria.first?.waiver == nil)
    }

    @Test func aWaiverHoldsToTheEndOfItsExpiryDayUTC() {
        let lastSecond = CalendarDay("2026-12-31")!.nextDayStart.addingTimeInterval(-1)
        let nextDay = CalendarDay("2026-12-31")!.nextDayStart
        for (now, state) in [(lastSecond, WaiverUse.State.applied), (nextDay, .expired)] {
            let decision = GateEvaluator.evaluate(
                policy: Self.policy([Self.top3]), metrics: Self.failingRows, baseline: nil,
                review: Self.review(waivers: [Self.waiver()], now: now))
            #expect(decision.criteria.first?.waiver?.state == state, "\(now)")
            #expect(decision.verdict == (state == .applied ? .pass : .fail))
        }
    }

    @Test func aWaiverForAnotherModelVersionPolicyOrBanksIsNotApplied() {
        let others = [
            Self.waiver(version: "1.3.0"), Self.waiver(policy: String(repeating: "e", count: 64)),
            Self.waiver(banks: [Self.banks[0]]), Self.waiver(criterion: "other"),
        ]
        for other in others {
            let decision = GateEvaluator.evaluate(
                policy: Self.policy([Self.top3]), metrics: Self.failingRows, baseline: nil,
                review: Self.review(waivers: [other]))
            #expect(decision.verdict == .fail)
            #expect(decision.criteria.first?.waiver == nil)
        }
    }

    @Test func theBanksDigestDoesNotDependOnTheirOrder() {
        #expect(
            CasebankIdentity.combinedSHA256(Self.banks) == CasebankIdentity.combinedSHA256(Self.banks.reversed()))
        #expect(CasebankIdentity.combinedSHA256(Self.banks) != CasebankIdentity.combinedSHA256([Self.banks[0]]))
    }

    @Test func aWorseObservedOrPointValueOutgrowsTheWaiver() {
        // Granted at 0.72 observed: now 0.70 is worse for a `min` criterion.
        let granted = [Self.waiver(observed: 0.72, value: 0.70), Self.waiver(observed: 0.70, value: 0.71)]
        for waiver in granted {
            let decision = GateEvaluator.evaluate(
                policy: Self.policy([Self.top3]), metrics: Self.failingRows, baseline: nil,
                review: Self.review(waivers: [waiver]))
            #expect(decision.criteria.first?.waiver?.state == .outgrown)
            #expect(decision.verdict == .fail)
            #expect(decision.criteria.first?.message.contains("no longer covers it") == true)
        }
        // Better than at the grant: still covered.
        let better = GateEvaluator.evaluate(
            policy: Self.policy([Self.top3]), metrics: Self.failingRows, baseline: nil,
            review: Self.review(waivers: [Self.waiver(observed: 0.65, value: 0.66)]))
        #expect(better.verdict == .pass)
    }

    @Test func forAMaxCriterionWorseMeansHigher() {
        let criterion = thresholdCriterion("errors", metric: "error_rate", max: 0.01)
        let rows = [MetricValue(scope: .all, metric: "error_rate", value: 0.03, ciLower: 0.01, ciUpper: 0.08, n: 100)]
        func state(_ observed: Double) -> WaiverUse.State? {
            GateEvaluator.evaluate(
                policy: Self.policy([criterion]), metrics: rows, baseline: nil,
                review: Self.review(waivers: [Self.waiver(criterion: "errors", observed: observed, value: nil)])
            ).criteria.first?.waiver?.state
        }
        #expect(state(0.03) == .applied)
        #expect(state(0.04) == .applied)
        #expect(state(0.02) == .outgrown)
    }

    @Test func aNullObservedValueIsNeverCovered() {
        let criterion = thresholdCriterion("top3", metric: "top3_accuracy", min: 0.8, minN: 500)
        let decision = GateEvaluator.evaluate(
            policy: Self.policy([criterion]), metrics: Self.failingRows, baseline: nil,
            review: Self.review(waivers: [Self.waiver()]))
        #expect(decision.criteria.first?.outcome == .tooFewCases)
        #expect(decision.criteria.first?.waiver?.state == .outgrown)
        #expect(decision.verdict == .fail)
    }

    @Test func sentinelsAndEmergencyUndertriageAreWaivableOnlyWhenThePolicySaysSo() {
        let sentinels = thresholdCriterion("sentinels", metric: "must_pass_failures", max: 0)
        let rows = [MetricValue(scope: .all, metric: "must_pass_failures", value: 1, n: 10)]
        #expect(!sentinels.isWaivable)
        #expect(!thresholdCriterion("e", metric: "emergency_undertriage_rate", max: 0.02).isWaivable)
        #expect(Self.top3.isWaivable)
        var explicit = sentinels
        explicit.waivable = true
        var refused = Self.top3
        refused.waivable = false
        #expect(explicit.isWaivable && !refused.isWaivable)
        let waiver = Self.waiver(criterion: "sentinels", observed: 1, value: 1)
        for (criterion, verdict) in [(sentinels, Verdict.fail), (explicit, .pass)] {
            let decision = GateEvaluator.evaluate(
                policy: Self.policy([criterion]), metrics: rows, baseline: nil, review: Self.review(waivers: [waiver]))
            #expect(decision.verdict == verdict)
        }
    }

    @Test func aPassedCriterionOrAWarningIsNotWaived() {
        let passing = thresholdCriterion("top3", metric: "top3_accuracy", min: 0.6)
        let warning = thresholdCriterion("top3", metric: "top3_accuracy", min: 0.8, severity: .warning)
        for criterion in [passing, warning] {
            let decision = GateEvaluator.evaluate(
                policy: Self.policy([criterion]), metrics: Self.failingRows, baseline: nil,
                review: Self.review(waivers: [Self.waiver()]))
            #expect(decision.criteria.first?.waiver == nil)
            #expect(decision.verdict == .pass)
        }
    }

    @Test func theLatestCoveringWaiverIsUsed() {
        let old = Self.waiver(id: 1, grantedAt: Self.noon.addingTimeInterval(-7200))
        let expired = Self.waiver(id: 2, expires: "2026-12-01", grantedAt: Self.noon.addingTimeInterval(-60))
        let decision = GateEvaluator.evaluate(
            policy: Self.policy([Self.top3]), metrics: Self.failingRows, baseline: nil,
            review: Self.review(waivers: [old, expired]))
        #expect(decision.criteria.first?.waiver?.waiver.id == 1)
        #expect(decision.verdict == .pass)
    }

    // MARK: Digest and approval

    static let approval = ApprovalRequirement(signatures: 2, roles: ["clinical-safety-officer", "medical-director"])

    static func signature(_ name: String, role: String = "clinical-safety-officer", meaning: SignatureMeaning = .approved, digest: String) -> Signature {
        Signature(runID: "r1", name: name, role: role, meaning: meaning, decisionSHA256: digest, signedAt: noon)
    }

    @Test func theDigestChangesWithAWaiverAndSupersedesEarlierSignatures() throws {
        let policy = Self.policy([Self.top3], approval: Self.approval)
        let before = GateEvaluator.evaluate(policy: policy, metrics: Self.failingRows, baseline: nil, review: Self.review())
        let digest = try #require(before.decisionSHA256)
        let signed = [Self.signature("Dr A. Okafor", digest: digest), Self.signature("Dr B. Lee", role: "medical-director", digest: digest)]
        let approved = GateEvaluator.evaluate(
            policy: policy, metrics: Self.failingRows, baseline: nil, review: Self.review(signatures: signed))
        #expect(approved.decisionSHA256 == digest)
        #expect(approved.criteria.last?.id == "approval")
        #expect(approved.criteria.last?.passed == true)
        #expect(approved.verdict == .fail)  // top3 still fails

        let waived = GateEvaluator.evaluate(
            policy: policy, metrics: Self.failingRows, baseline: nil,
            review: Self.review(waivers: [Self.waiver()], signatures: signed))
        #expect(waived.decisionSHA256 != digest)
        let approvalResult = try #require(waived.criteria.last)
        #expect(!approvalResult.passed)
        #expect(approvalResult.message.contains("2 earlier approvals were on a decision that has since changed (superseded)."))
        #expect(waived.verdict == .fail)
    }

    @Test func approvalNeedsDistinctNamesWithARoleSigningApproved() throws {
        let policy = Self.policy([thresholdCriterion("top3", metric: "top3_accuracy", min: 0.6)], approval: Self.approval)
        let digest = try #require(
            GateEvaluator.evaluate(policy: policy, metrics: Self.failingRows, baseline: nil, review: Self.review()).decisionSHA256)
        func approval(_ signatures: [Signature]) -> CriterionResult? {
            GateEvaluator.evaluate(
                policy: policy, metrics: Self.failingRows, baseline: nil, review: Self.review(signatures: signatures)
            ).criteria.last
        }
        let sameNameTwice = [Self.signature("Dr A. Okafor", digest: digest), Self.signature("dr a. okafor ", role: "medical-director", digest: digest)]
        #expect(approval(sameNameTwice)?.passed == false)
        #expect(approval(sameNameTwice)?.observed == 1)
        let reviewedOnly = [Self.signature("Dr A. Okafor", digest: digest), Self.signature("Dr B. Lee", meaning: .reviewed, digest: digest)]
        #expect(approval(reviewedOnly)?.passed == false)
        let wrongRole = [Self.signature("Dr A. Okafor", digest: digest), Self.signature("Dr B. Lee", role: "engineer", digest: digest)]
        #expect(approval(wrongRole)?.passed == false)
        let two = [Self.signature("Dr A. Okafor", digest: digest), Self.signature("Dr B. Lee", role: "medical-director", digest: digest)]
        let met = try #require(approval(two))
        #expect(met.passed && met.observed == 2 && met.threshold == 2)
        #expect(met.message == "Approved by Dr A. Okafor (clinical-safety-officer), Dr B. Lee (medical-director); the policy requires 2 approvals by a clinical-safety-officer or medical-director.")
        #expect(approval([])?.message == "Awaiting approval: the policy requires 2 approvals by a clinical-safety-officer or medical-director, and none has signed 'approved' this decision.")
        #expect(approval(wrongRole)?.message == "Awaiting approval: the policy requires 2 approvals by a clinical-safety-officer or medical-director, and only Dr A. Okafor (clinical-safety-officer) has signed 'approved' this decision.")
    }

    @Test func theCanonicalJSONIsDocumentedByteForByte() {
        let decision = GateEvaluator.evaluate(
            policy: Self.policy([Self.top3]), metrics: Self.failingRows, baseline: nil,
            review: Self.review(waivers: [Self.waiver(id: 7)]))
        let text = String(
            decoding: DecisionDigest.canonicalJSON(review: Self.review(), policySHA256: Self.policySHA, criteria: decision.criteria),
            as: UTF8.self)
        let c = String(repeating: "c", count: 64), d = String(repeating: "d", count: 64)
        #expect(
            text
                == #"{"run_id":"r1","model":{"name":"demo","version":"1.2.0","sha256":"\#(Self.model.sha256)"},"casebanks":["\#(c)","\#(d)"],"policy_sha256":"\#(Self.policySHA)","labels":"as-labelled","criteria":[{"id":"top3","passed":false,"observed":0.7,"threshold":0.8,"waiver_id":7}]}"#)
        // The digest of that text, computed with Python's hashlib.sha256.
        #expect(decision.decisionSHA256 == "5a7d031921b1d32feefbdc14536e6ba4e744b1244a501c3d6cb0c0463620d697")
    }
}

/// What summary.json says of the clinical review.
struct ReviewSummaryTests {
    @Test func aWaivedCriterionCarriesItsWaiverAndTheCountIsGiven() throws {
        let decision = GateEvaluator.evaluate(
            policy: GateReviewTests.policy([GateReviewTests.top3], approval: ApprovalRequirement(signatures: 1, roles: ["clinical-safety-officer"])),
            metrics: GateReviewTests.failingRows, baseline: nil,
            review: GateReviewTests.review(waivers: [GateReviewTests.waiver(id: 3)]))
        let summary = SummaryDocument(
            runID: "r1", model: GateReviewTests.model, casebanks: GateReviewTests.banks,
            policy: PolicyIdentity(gate: "release", sha256: GateReviewTests.policySHA), baselineRunID: nil,
            startedAt: GateReviewTests.noon, finishedAt: GateReviewTests.noon, toolVersion: "0.1.0",
            bootstrap: .default, counts: RunCounts(vignettes: 100, ok: 100, error: 0, timeout: 0, approximate: 0),
            metrics: GateReviewTests.failingRows, decision: decision, labels: .adjudicated,
            auditHead: String(repeating: "f", count: 64))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(summary.jsonText().utf8)) as? [String: Any])
        #expect(object["labels"] as? String == "adjudicated")
        #expect(object["waivers"] as? Int == 1)
        #expect(object["audit_head"] as? String == String(repeating: "f", count: 64))
        #expect(object["decision_sha256"] as? String == decision.decisionSHA256)
        #expect(object["verdict"] as? String == "fail")  // awaiting approval
        let criteria = try #require(object["criteria"] as? [[String: Any]])
        let waiver = try #require(criteria.first?["waiver"] as? [String: Any])
        #expect(waiver["id"] as? Int == 3)
        #expect(waiver["approver"] as? String == "Dr A. Okafor")
        #expect(waiver["role"] as? String == "clinical-safety-officer")
        #expect(waiver["reason"] as? String == "fix ships in 1.2.1")
        #expect(waiver["hazard"] as? String == "HAZ-7")
        #expect(waiver["expires"] as? String == "2026-12-31")
        #expect(waiver["granted_at"] as? String == "2026-12-02T11:00:00Z")
        #expect(criteria.last?["id"] as? String == "approval")
        #expect(criteria.last?["observed"] as? Int == 0)
        #expect(criteria.last?["waiver"] == nil)
        #expect(summary.jsonText().contains("\"observed\": 0,"))
    }
}
