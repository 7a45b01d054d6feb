/// How far a run has come, reported after every batch.
public struct RunProgress: Sendable, Hashable {
    /// Vignettes answered (by this run, not counting those skipped on resume).
    public var done: Int
    /// Vignettes this run has to answer.
    public var total: Int
    /// Answers with status error or timeout.
    public var failed: Int
    /// Seconds since the run started.
    public var elapsedSeconds: Double

    /// Creates a snapshot.
    public init(done: Int, total: Int, failed: Int, elapsedSeconds: Double) {
        self.done = done
        self.total = total
        self.failed = failed
        self.elapsedSeconds = elapsedSeconds
    }

    /// Vignettes per second so far.
    public var rate: Double { elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0 }

    /// Estimated seconds to go, once there is a rate.
    public var secondsRemaining: Double? {
        guard rate > 0, total >= done else { return nil }
        return Double(total - done) / rate
    }
}

/// Receives progress snapshots (a terminal bar, periodic log lines, nothing).
public protocol RunProgressObserver: Sendable {
    /// Called after every batch, from the runner's task, never concurrently.
    func update(_ progress: RunProgress)
    /// Called once when the run is over.
    func finish(_ progress: RunProgress)
}
