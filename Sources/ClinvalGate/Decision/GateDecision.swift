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
    /// One result per criterion, in the policy's order.
    public let criteria: [CriterionResult]

    /// Creates a decision from criterion results; the verdict follows from them.
    public init(criteria: [CriterionResult]) {
        self.criteria = criteria
        self.verdict = criteria.contains(where: \.failsGate) ? .fail : .pass
    }

    /// The results that fail the gate: blocking criteria that did not pass.
    public var blockingFailures: [CriterionResult] { criteria.filter(\.failsGate) }

    /// Warnings that did not pass (reported, not failing the gate).
    public var failedWarnings: [CriterionResult] { criteria.filter { !$0.passed && $0.severity == .warning } }
}
