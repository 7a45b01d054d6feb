import ClinvalCore
import Foundation

/// A gate decision as ``ResultStore/storeDecision(_:runID:)`` stores it, in one transaction: the
/// policy, the metrics, the criteria and the verdict.
public struct DecisionRecord: Sendable, Hashable {
    /// The policy a decision was made with, and the bootstrap settings of its metrics.
    public struct Policy: Sendable, Hashable {
        /// The policy's `gate` name.
        public var gate: String
        /// The sha256 of the policy file.
        public var sha256: String
        /// The policy file's text, if known.
        public var text: String?
        /// The bootstrap resamples the metrics were computed with.
        public var bootstrapResamples: Int
        /// The bootstrap seed the metrics were computed with.
        public var bootstrapSeed: Int

        /// Creates the policy part of a decision.
        public init(gate: String, sha256: String, text: String?, bootstrapResamples: Int, bootstrapSeed: Int) {
            self.gate = gate
            self.sha256 = sha256
            self.text = text
            self.bootstrapResamples = bootstrapResamples
            self.bootstrapSeed = bootstrapSeed
        }
    }

    /// The policy.
    public var policy: Policy
    /// Every metric, in report order (replaces the run's metrics).
    public var metrics: [MetricValue]
    /// The criteria's outcomes, in policy order (replace the run's criteria).
    public var criteria: [CriterionRecord]
    /// The gate's decision.
    public var verdict: Verdict
    /// The run compared against, if any.
    public var baselineRunID: String?
    /// When the decision was made: the run's end time.
    public var finishedAt: Date
    /// The labels the run was scored against: the mode whose metrics and criteria this decision
    /// replaces.
    public var labels: LabelsMode
    /// The decision digest (what a signature signs), if computed; the `gate_decided`
    /// audit entry records it.
    public var decisionSHA256: String?

    /// Creates a decision.
    public init(
        policy: Policy, metrics: [MetricValue], criteria: [CriterionRecord], verdict: Verdict,
        baselineRunID: String?, finishedAt: Date, labels: LabelsMode = .asLabelled, decisionSHA256: String? = nil
    ) {
        self.labels = labels
        self.decisionSHA256 = decisionSHA256
        self.policy = policy
        self.metrics = metrics
        self.criteria = criteria
        self.verdict = verdict
        self.baselineRunID = baselineRunID
        self.finishedAt = finishedAt
    }
}
