/// The gate's verdict on a run: the decision computes it, the store keeps it (`runs.verdict`,
/// `decisions.verdict`), the summary, the reports and the exit status show it. The raw values
/// are stored and written.
public enum Verdict: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every blocking criterion passed.
    case pass
    /// At least one blocking criterion failed.
    case fail
}
