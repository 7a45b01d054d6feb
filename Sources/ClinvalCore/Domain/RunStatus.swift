/// Where a run stands (`runs.status`).
public enum RunStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Started and not finished: still running, or killed (then `--resume` can finish it).
    case running
    /// Every result and metric is committed.
    case complete
    /// Stopped by a runtime failure; `runs.failure_reason` says why.
    case failed
}
