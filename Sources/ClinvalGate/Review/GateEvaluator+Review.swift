import ClinvalCore
import ClinvalMetrics
import Foundation

extension GateEvaluator {
    /// Decides every criterion of `policy`, then applies the clinical review (docs/clinical-review.md):
    /// waivers to the failed blocking criteria they cover, the decision digest, and the policy's
    /// approval requirement as a last blocking criterion.
    ///
    /// A waiver covers a failed blocking criterion when the criterion may be waived
    /// (``Criterion/isWaivable``), the waiver names this criterion, the run's model (name, version,
    /// sha256), banks and policy, its expiry day has not ended at ``GateReview/now``, and neither
    /// the observed value nor the point value is worse, in the criterion's direction, than when it
    /// was granted. A null observed value is never covered. Of several waivers the latest one that
    /// covers the criterion is used; when none covers it, the latest one is shown as expired or
    /// outgrown.
    public static func evaluate(
        policy: GatePolicy, metrics: [MetricValue], baseline: GateBaseline?, review: GateReview
    ) -> GateDecision {
        var criteria = evaluate(policy: policy, metrics: metrics, baseline: baseline).criteria
        for index in criteria.indices {
            guard let criterion = policy.criteria.first(where: { $0.id == criteria[index].id }) else { continue }
            guard
                let use = waiverUse(
                    for: criteria[index], criterion: criterion, policySHA256: policy.sha256, review: review)
            else { continue }
            criteria[index].waiver = use
            criteria[index].message += " " + waiverSentence(use)
        }
        let digest = DecisionDigest.sha256(review: review, policySHA256: policy.sha256, criteria: criteria)
        if let approval = policy.approval {
            criteria.append(approvalResult(approval, signatures: review.signatures, decisionSHA256: digest))
        }
        return GateDecision(criteria: criteria, decisionSHA256: digest)
    }

    /// The waiver found for a result, and whether it covers it.
    static func waiverUse(
        for result: CriterionResult, criterion: Criterion, policySHA256: String, review: GateReview
    ) -> WaiverUse? {
        guard !result.passed, result.severity == .blocking, criterion.isWaivable else { return nil }
        let banks = review.casebanksSHA256
        let candidates = review.waivers.filter { waiver in
            waiver.criterionID == result.id && waiver.modelName == review.model.name
                && waiver.modelVersion == review.model.version && waiver.modelSHA256 == review.model.sha256
                && waiver.casebanksSHA256 == banks && waiver.policySHA256 == policySHA256
        }
        .sorted { ($0.grantedAt, $0.id ?? 0) > ($1.grantedAt, $1.id ?? 0) }
        let judged = candidates.map { WaiverUse(waiver: $0, state: state(of: $0, for: result, at: review.now)) }
        return judged.first { $0.state == .applied } ?? judged.first
    }

    /// What a waiver does to a criterion, in a sentence appended to its message.
    static func waiverSentence(_ use: WaiverUse) -> String {
        let waiver = use.waiver
        let who = "\(waiver.approver) (\(waiver.role))"
        switch use.state {
        case .applied:
            return "Waived by \(who) until \(waiver.expiresOn)"
                + (waiver.hazard.map { ", hazard \($0)" } ?? "") + "; it does not fail the gate."
        case .expired:
            return "A waiver by \(who) expired at the end of \(waiver.expiresOn) and no longer covers it."
        case .outgrown:
            return "A waiver by \(who) was granted when the observed value was "
                + "\(ReadableNumber.shortest(waiver.observedAtGrant, signed: false)); the result is now worse, so it no longer covers it."
        }
    }

    /// Whether a waiver covers a failed result at a time.
    static func state(of waiver: Waiver, for result: CriterionResult, at now: Date) -> WaiverUse.State {
        guard waiver.isCurrent(at: now) else { return .expired }
        guard let observed = result.observed else { return .outgrown }
        func worse(_ value: Double, than granted: Double) -> Bool {
            result.comparison == .atLeast ? value < granted : value > granted
        }
        if worse(observed, than: waiver.observedAtGrant) { return .outgrown }
        if let granted = waiver.valueAtGrant {
            guard let point = result.point, !worse(point, than: granted) else { return .outgrown }
        }
        return .applied
    }

    /// The approval requirement's result: met when enough distinct names holding a listed role
    /// have signed `approved` the decision whose digest is `decisionSHA256`.
    static func approvalResult(
        _ approval: ApprovalRequirement, signatures: [Signature], decisionSHA256: String
    ) -> CriterionResult {
        let approving = signatures.filter { $0.meaning == .approved && approval.roles.contains($0.role) }
        var names: [String] = []
        var seen: Set<String> = []
        for signature in approving.sorted(by: { $0.signedAt < $1.signedAt })
        where signature.isCurrent(forDecision: decisionSHA256) {
            let key = signature.name.trimmingCharacters(in: .whitespaces).lowercased()
            if seen.insert(key).inserted { names.append("\(signature.name) (\(signature.role))") }
        }
        let superseded = approving.filter { !$0.isCurrent(forDecision: decisionSHA256) }.count
        let met = names.count >= approval.signatures
        let roles = approval.roles.joined(separator: " or ")
        let needed = "the policy requires \(approval.signatures) approval\(approval.signatures == 1 ? "" : "s") by a \(roles)"
        var message: String
        if met {
            message = "Approved by \(names.joined(separator: ", ")); \(needed)."
        } else if names.isEmpty {
            message = "Awaiting approval: \(needed), and none has signed 'approved' this decision."
        } else {
            message = "Awaiting approval: \(needed), and only \(names.joined(separator: ", ")) \(names.count == 1 ? "has" : "have") signed 'approved' this decision."
        }
        if superseded > 0 {
            message +=
                " \(superseded) earlier approval\(superseded == 1 ? " was" : "s were") on a decision that has since changed (superseded)."
        }
        return CriterionResult(
            id: Criterion.approvalID, metric: Criterion.approvalID, scope: .all, severity: .blocking, passed: met,
            outcome: met ? .met : .notMet, observed: Double(names.count), threshold: Double(approval.signatures),
            comparison: .atLeast, use: .point, message: message)
    }
}
