import ClinvalCore
import Foundation

/// One line of `clinval runs`: a run's id, times, model, banks, status and verdict.
public struct RunListEntry: Sendable, Hashable {
    /// The run id.
    public var runID: String
    /// Where the run stands.
    public var status: RunStatus
    /// The gate's decision, if made.
    public var verdict: Verdict?
    /// When the run started.
    public var startedAt: Date
    /// When it finished.
    public var finishedAt: Date?
    /// The model's name.
    public var modelName: String
    /// The model's version.
    public var modelVersion: String
    /// The banks, as `id@version`, ordered by id.
    public var casebanks: [String]
    /// The shard, for a shard database.
    public var shard: Shard?

    /// Creates a summary.
    public init(
        runID: String, status: RunStatus, verdict: Verdict?, startedAt: Date, finishedAt: Date?,
        modelName: String, modelVersion: String, casebanks: [String], shard: Shard?
    ) {
        self.runID = runID
        self.status = status
        self.verdict = verdict
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.casebanks = casebanks
        self.shard = shard
    }
}
