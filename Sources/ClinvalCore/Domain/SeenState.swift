/// The state a reviewer saw before changing a record (docs/clinical-review.md): a change based on
/// a state that has moved on since is refused, never applied over what someone else recorded in
/// between. The store checks it in the transaction that records the change.
public enum SeenState: Sendable, Hashable {
    /// No check: a command's user types what they mean now, against the state now.
    case unchecked
    /// The latest adjudication of the vignette the reviewer saw: its id, or `nil` for none yet.
    case latestAdjudication(Int64?)
    /// The decision digest (`decision_sha256`) of the run the reviewer saw.
    case decision(String)
}
