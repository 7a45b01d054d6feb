import Logging

/// Counters of a ``ProcessModelAdapter``, for logs and tests.
public struct ProcessModelStatistics: Sendable, Hashable {
    /// Worker processes started.
    public var workersStarted = 0
    /// Worker processes killed because they crashed, hung or wrote a line that could not be tied
    /// to a vignette.
    public var workersBroken = 0
    /// Response lines tied to a vignette (answers, error responses and malformed responses).
    public var responses = 0

    /// Creates zero counters.
    public init() {}
}
