import ClinvalCore

/// How ``EvaluationRunner`` schedules a run: batches in flight, batch and commit sizes, and the
/// shard.
public struct EvaluationOptions: Sendable, Hashable {
    /// How many batches may be checked, answered or committed at once (`--jobs`).
    public var jobs: Int
    /// Vignettes per batch checked and sent to the model.
    public var batchSize: Int
    /// Which shard to run, or `nil` for all vignettes.
    public var shard: Shard?
    /// Answered vignettes gathered before a commit: fewer, larger transactions write each
    /// database page fewer times.
    public var commitSize: Int
    /// The longest time, in seconds, answered vignettes wait for a commit once the next batch
    /// is answered, so that a slow model's results are committed often (a killed run loses at
    /// most about this much work).
    public var commitInterval: Double

    /// Creates options.
    public init(
        jobs: Int, batchSize: Int = 64, shard: Shard? = nil, commitSize: Int = 512, commitInterval: Double = 0.25
    ) {
        self.jobs = max(1, jobs)
        self.batchSize = max(1, batchSize)
        self.shard = shard
        self.commitSize = max(1, commitSize)
        self.commitInterval = max(0, commitInterval)
    }
}
