extension WorkerScheduler {
    /// The settings the scheduler runs with.
    struct Settings: Hashable, Sendable {
        var workers: Int
        var depth: Int
        var timeout: Double
        var startupGrace: Double
        var maxSilentWorkersBeforeFirstAnswer: Int
        var maxSilentWorkersAfterFirstAnswer: Int

        init(
            workers: Int, depth: Int = 64, timeout: Double, startupGrace: Double = 10,
            maxSilentWorkersBeforeFirstAnswer: Int = 4, maxSilentWorkersAfterFirstAnswer: Int = 20
        ) {
            self.workers = max(workers, 1)
            self.depth = max(depth, 1)
            self.timeout = max(timeout, 0.001)
            self.startupGrace = startupGrace
            self.maxSilentWorkersBeforeFirstAnswer = maxSilentWorkersBeforeFirstAnswer
            self.maxSilentWorkersAfterFirstAnswer = maxSilentWorkersAfterFirstAnswer
        }

        init(_ configuration: ProcessModelConfiguration) {
            self.init(
                workers: configuration.workers, depth: configuration.pipelineDepth,
                timeout: configuration.timeoutSeconds, startupGrace: configuration.startupGraceSeconds,
                maxSilentWorkersBeforeFirstAnswer: configuration.maxSilentWorkersBeforeFirstAnswer,
                maxSilentWorkersAfterFirstAnswer: configuration.maxSilentWorkersAfterFirstAnswer)
        }
    }
}
