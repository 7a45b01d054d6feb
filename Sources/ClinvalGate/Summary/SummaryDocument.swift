import ClinvalCore
import ClinvalMetrics
import Foundation

/// The machine-readable summary of a run, `summary.json` (docs/outputs.md): what was run (model,
/// banks, policy, tool), when, how the vignettes fared, every metric row, and the gate's decision
/// with every criterion.
///
/// ```swift
/// let summary = SummaryDocument(
///     runID: "2026-11-29-a", model: model, casebanks: banks, policy: PolicyIdentity(policy),
///     baselineRunID: nil, startedAt: start, finishedAt: end, toolVersion: "0.1.0",
///     bootstrap: policy.bootstrap, counts: counts, metrics: rows, decision: decision)
/// try summary.jsonText().write(to: folder.appending(path: "summary.json"), atomically: true, encoding: .utf8)
/// ```
///
/// The text is deterministic: keys in a fixed order, pretty-printed with 2-space indentation,
/// numbers as Swift's shortest round-trip text (`0.8431`), whole numbers without `.0` where a field
/// is a count (`n`, `vignettes`, `paired_n`, and the values of `n` and `must_pass_failures`), `null`
/// for a missing value; see ``jsonText()`` for the layout. Besides the provenance, counts, metrics and criteria it has
/// `schema_version`, `bootstrap` {resamples, seed}, each criterion's `outcome`, and for a baseline
/// criterion `baseline_run_id` and `candidate_value`; and of the clinical review (docs/clinical-review.md)
/// `labels`, `waivers`, `decision_sha256` and `audit_head`.
///
/// ## Topics
/// - The provenance: a ``ModelIdentity``, a ``CasebankIdentity`` per bank, a ``PolicyIdentity``
///   and ``RunCounts``.
/// - ``jsonText()``: the file's text.
public struct SummaryDocument: Sendable, Hashable {
    /// The version of this document's layout (`schema_version`); raised when a key changes
    /// meaning, never when one is added.
    public static let schemaVersion = 1

    /// The run's id (`run_id`).
    public var runID: String
    /// The model (`model`).
    public var model: ModelIdentity
    /// The banks, in run order (`casebanks`).
    public var casebanks: [CasebankIdentity]
    /// The policy (`policy`).
    public var policy: PolicyIdentity
    /// The baseline run compared with, or `nil` (`baseline_run_id`).
    public var baselineRunID: String?
    /// When the run started (`started_at`).
    public var startedAt: Date
    /// When the run finished, or `nil` if it did not (`finished_at`).
    public var finishedAt: Date?
    /// The clinval version (`tool_version`).
    public var toolVersion: String
    /// The bootstrap settings the intervals were computed with (`bootstrap`).
    public var bootstrap: BootstrapSettings
    /// How the vignettes fared (`counts`).
    public var counts: RunCounts
    /// Every metric row, in the order given (`metrics`).
    public var metrics: [MetricValue]
    /// The gate's decision: the verdict (`verdict`), every criterion (`criteria`), the waivers
    /// that cover failed criteria (`waivers`, and each criterion's `waiver`) and the decision's
    /// digest (`decision_sha256`).
    public var decision: GateDecision
    /// The labels the run was scored against (`labels`).
    public var labels: LabelsMode
    /// The digest of the audit trail's latest entry when the decision was made (`audit_head`),
    /// or `nil` for a database without one.
    public var auditHead: String?

    /// Creates a summary.
    public init(
        runID: String, model: ModelIdentity, casebanks: [CasebankIdentity], policy: PolicyIdentity, baselineRunID: String?,
        startedAt: Date, finishedAt: Date?, toolVersion: String, bootstrap: BootstrapSettings, counts: RunCounts,
        metrics: [MetricValue], decision: GateDecision, labels: LabelsMode = .asLabelled, auditHead: String? = nil
    ) {
        self.labels = labels
        self.auditHead = auditHead
        self.runID = runID
        self.model = model
        self.casebanks = casebanks
        self.policy = policy
        self.baselineRunID = baselineRunID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.toolVersion = toolVersion
        self.bootstrap = bootstrap
        self.counts = counts
        self.metrics = metrics
        self.decision = decision
    }

    /// The verdict (`verdict`).
    public var verdict: Verdict { decision.verdict }
}

extension PolicyIdentity {
    /// The identity of a loaded policy.
    public init(_ policy: GatePolicy) {
        self.init(gate: policy.gate, sha256: policy.sha256)
    }
}
