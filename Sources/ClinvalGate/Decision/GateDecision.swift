import ClinvalCore

/// The gate's verdict on a run and the result of every criterion, in policy order
/// (docs/gate-policy.md, docs/outputs.md).
///
/// ```swift
/// let decision = GateEvaluator.evaluate(policy: policy, metrics: rows, baseline: nil)
/// decision.verdict     // .fail
/// ```
///
/// The verdict is `fail` when any blocking criterion did not pass; warnings are reported but never
/// fail the gate.
public struct GateDecision: Sendable, Hashable {
    /// The verdict, derived from ``criteria``.
    public let verdict: Verdict
    /// One result per criterion, in the policy's order (the approval requirement last, when the
    /// policy has one).
    public let criteria: [CriterionResult]
    /// The decision's digest (``DecisionDigest``), which signatures sign; `nil` for a decision
    /// made without a review.
    public let decisionSHA256: String?

    /// Creates a decision from criterion results; the verdict follows from them.
    public init(criteria: [CriterionResult], decisionSHA256: String? = nil) {
        self.criteria = criteria
        self.decisionSHA256 = decisionSHA256
        self.verdict = criteria.contains(where: \.failsGate) ? .fail : .pass
    }

    /// The failed criteria a waiver covers.
    public var waived: [CriterionResult] { criteria.filter(\.isWaived) }

    /// The results that fail the gate: blocking criteria that did not pass.
    public var blockingFailures: [CriterionResult] { criteria.filter(\.failsGate) }

    /// Warnings that did not pass (reported, not failing the gate).
    public var failedWarnings: [CriterionResult] { criteria.filter { !$0.passed && $0.severity == .warning } }
}
