/// Which labels a run is scored against (docs/database.md): the doctors'
/// labels as the bank gives them, or those labels with the clinicians' adjudications applied.
/// `--labels` on `run`, `gate` and `report`, or the policy's top-level `labels:`, chooses; a
/// decision records its mode (summary.json `labels`, the `labels` column of `metrics` and
/// `criteria`). The raw values are what the command line, the policy, the database and the
/// outputs write.
public enum LabelsMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// The labels as the bank gives them (the default).
    case asLabelled = "as-labelled"
    /// The labels with every standing adjudication applied.
    case adjudicated
}
