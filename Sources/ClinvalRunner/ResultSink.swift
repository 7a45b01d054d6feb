/// Where answered vignettes go: the database writer, or a test's collector.
public protocol ResultSink: Sendable {
    /// Takes one group of results, to be committed at once; called from the runner's jobs, one
    /// group at a time, never concurrently. Throwing stops the run.
    func write(_ batch: [VignetteResult]) async throws
}
