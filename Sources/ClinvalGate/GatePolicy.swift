import ClinvalCore
import ClinvalMetrics

/// A gate policy (docs/gate-policy.md): the criteria a candidate model must meet to be released, read
/// from a YAML file by ``GatePolicyLoader``.
///
/// ```yaml
/// gate: release
/// bootstrap: {resamples: 1000, seed: 20261129}
/// first_run: pass
/// criteria:
///   - id: top3
///     metric: top3_accuracy
///     min: 0.80
///     use: ci_lower
/// ```
///
/// A loaded policy has passed every check: its metrics are known, its scopes parse, each
/// criterion has exactly one kind of threshold, and its numbers are in range. Deciding the gate
/// is not this type's job.
///
/// ## Topics
/// - ``Criterion``: one test of the gate.
/// - `BootstrapSettings` (from ClinvalMetrics): resamples and seed for the bootstrap intervals;
///   the defaults and limits a policy may use are `BootstrapSettings.default`, `resampleLimits`
///   and `maxSeed`.
/// - ``FirstRunRule``: what a baseline criterion does when there is no baseline run.
public struct GatePolicy: Sendable, Hashable {
    /// The gate's name, a slug `[a-z0-9][a-z0-9-]*` (`release`); reported in `summary.json`.
    public var gate: String
    /// Resamples and seed for the bootstrap intervals (top-level key `bootstrap`, optional; recorded
    /// with each run). Both keys are optional: `resamples` a whole number from 100 to 100000
    /// (default 1000), `seed` a whole number from 0 to 2^53 (default 20261129).
    public var bootstrap: BootstrapSettings
    /// What a baseline criterion does when the run has no baseline (top-level key `first_run`,
    /// default `fail`).
    public var firstRun: FirstRunRule
    /// The criteria, in file order; at least one, with unique ids.
    public var criteria: [Criterion]
    /// Which labels the policy scores against (top-level key `labels`), or `nil` when it does not
    /// say (then `--labels` decides, `as-labelled` by default).
    public var labels: LabelsMode?
    /// The signed approval the policy requires (top-level key `approval`), if any.
    public var approval: ApprovalRequirement?
    /// The policy file, as the user named it.
    public var file: String
    /// SHA-256 over the file's bytes, 64 lowercase hex digits; stored with each run.
    public var sha256: String
    /// The file's text (its bytes are clean UTF-8, so this is them exactly), stored with each run
    /// so that `clinval merge` and `clinval gate` can decide with it later; nil for a policy made
    /// in code.
    public var text: String?

    /// Creates a policy.
    public init(
        gate: String, bootstrap: BootstrapSettings = .default, firstRun: FirstRunRule = .fail,
        criteria: [Criterion], labels: LabelsMode? = nil, approval: ApprovalRequirement? = nil, file: String,
        sha256: String, text: String? = nil
    ) {
        self.labels = labels
        self.approval = approval
        self.text = text
        self.gate = gate
        self.bootstrap = bootstrap
        self.firstRun = firstRun
        self.criteria = criteria
        self.file = file
        self.sha256 = sha256
    }

    /// Whether any criterion compares with a baseline run.
    public var hasBaselineCriteria: Bool { criteria.contains { $0.baseline != nil } }
}

/// What a baseline criterion does on a run without a baseline (top-level key `first_run`).
public enum FirstRunRule: String, Sendable, Hashable, CaseIterable {
    /// The baseline criteria pass, so that a model's first release can go through.
    case pass
    /// The baseline criteria fail with the message "no baseline run" (the default).
    case fail
}
