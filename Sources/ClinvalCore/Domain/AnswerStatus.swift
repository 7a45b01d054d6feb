/// Whether a model answered a vignette, and if not why: the adapters report it, the store keeps
/// it (`results.status`), the metrics and the reports read it. The raw values are stored and
/// written.
public enum AnswerStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// The model answered.
    case ok
    /// The model answered with an error or a malformed response, or broke its worker.
    case error
    /// The model did not answer in time.
    case timeout
}
