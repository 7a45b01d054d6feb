import ClinvalCore
import Foundation

/// One row of `runs`: a run and its provenance.
///
/// Times are stored as RFC 3339 UTC text ending in `Z`, to the whole second (fractions are
/// dropped, so a value read back may be up to a second earlier than the one written).
public struct RunRecord: Sendable, Hashable {
    /// The run id (primary key).
    public var runID: String
    /// Where the run stands.
    public var status: RunStatus
    /// The gate's decision, once made.
    public var verdict: Verdict?
    /// The model evaluated.
    public var model: ModelIdentity
    /// The sha256 of the policy file, if a policy was used.
    public var policySHA256: String?
    /// The policy's `gate` name.
    public var policyGate: String?
    /// The policy file's text (`runs.policy_text`), whose sha256 is ``policySHA256``; nil for a run
    /// made before the schema kept it (migration `v3`).
    public var policyText: String?
    /// The run the gate compared against, if any.
    public var baselineRunID: String?
    /// clinval's version.
    public var toolVersion: String
    /// The git commit clinval was built from, where known.
    public var gitCommit: String?
    /// When the run started.
    public var startedAt: Date
    /// When the run finished (complete or failed).
    public var finishedAt: Date?
    /// The number of parallel jobs.
    public var jobs: Int
    /// The shard this database holds, for a sharded run; nil for a whole run.
    public var shard: Shard?
    /// The run's `--seed`, if given.
    public var seed: Int?
    /// The policy's bootstrap resamples.
    public var bootstrapResamples: Int?
    /// The policy's bootstrap seed.
    public var bootstrapSeed: Int?
    /// Why the run failed.
    public var failureReason: String?
    /// Any further settings, as a JSON object text.
    public var settingsJSON: String?
    /// The labels mode of the run's current decision (`runs.labels`, migration `v4`).
    public var labels: LabelsMode
    /// The digest of the run's current decision, which a signature signs (`runs.decision_sha256`,
    /// migration `v4`); `nil` before the first decision.
    public var decisionSHA256: String?

    /// Creates a run record; a new run is `running` with no verdict.
    public init(
        runID: String, status: RunStatus = .running, verdict: Verdict? = nil, model: ModelIdentity,
        policySHA256: String? = nil, policyGate: String? = nil, policyText: String? = nil, baselineRunID: String? = nil,
        toolVersion: String, gitCommit: String? = nil, startedAt: Date, finishedAt: Date? = nil, jobs: Int,
        shard: Shard? = nil, seed: Int? = nil, bootstrapResamples: Int? = nil, bootstrapSeed: Int? = nil,
        failureReason: String? = nil, settingsJSON: String? = nil, labels: LabelsMode = .asLabelled,
        decisionSHA256: String? = nil
    ) {
        self.labels = labels
        self.decisionSHA256 = decisionSHA256
        self.runID = runID
        self.status = status
        self.verdict = verdict
        self.model = model
        self.policySHA256 = policySHA256
        self.policyGate = policyGate
        self.policyText = policyText
        self.baselineRunID = baselineRunID
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.jobs = jobs
        self.shard = shard
        self.seed = seed
        self.bootstrapResamples = bootstrapResamples
        self.bootstrapSeed = bootstrapSeed
        self.failureReason = failureReason
        self.settingsJSON = settingsJSON
    }
}
