/// What an entry of the audit trail records (`audit_log.action`, docs/database.md). The raw values
/// are stored and exported.
public enum AuditAction: String, Sendable, Hashable, CaseIterable, Codable {
    /// A run began (`clinval run`).
    case runStarted = "run_started"
    /// A run committed its last result and was scored.
    case runCompleted = "run_completed"
    /// A run stopped on a runtime failure.
    case runFailed = "run_failed"
    /// Shards were merged into one run (`clinval merge`).
    case merge
    /// A decision was made and stored (`run`, `gate`, `merge`, and after `waive` and `sign`).
    case gateDecided = "gate_decided"
    /// A clinician's conclusion on a vignette was recorded (`clinval adjudicate`).
    case adjudication
    /// A waiver was granted (`clinval waive`).
    case waiver
    /// An electronic signature was recorded (`clinval sign`).
    case signature
    /// A reviewer's mapping of free text to a code was recorded (free-text vignettes).
    case reviewerMapping = "reviewer_mapping"
    /// A user of the review server was added, changed or removed.
    case userChanged = "user_changed"
}
