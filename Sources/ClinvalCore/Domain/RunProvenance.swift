/// The gate policy a run was decided by, as records show it (docs/outputs.md): its gate name and
/// the digest of its file.
public struct PolicyIdentity: Sendable, Hashable, Codable {
    /// The policy's `gate` name.
    public var gate: String
    /// SHA-256 of the policy file, 64 lowercase hex digits.
    public var sha256: String
    /// The policy's path as given, if known (shown in reports, not in the summary).
    public var path: String?

    /// Creates the identity.
    public init(gate: String, sha256: String, path: String? = nil) {
        self.gate = gate
        self.sha256 = sha256
        self.path = path
    }
}

/// How the vignettes of a run ended (`counts` of the summary, the report's totals).
public struct RunCounts: Sendable, Hashable, Codable {
    /// Vignettes in the run.
    public var vignettes: Int
    /// Answered (status ok).
    public var ok: Int
    /// Failed with an error.
    public var error: Int
    /// Not answered in time.
    public var timeout: Int
    /// Answered with approximate inference (the engine's sampling fallback).
    public var approximate: Int

    /// Creates the counts.
    public init(vignettes: Int, ok: Int, error: Int, timeout: Int, approximate: Int) {
        self.vignettes = vignettes
        self.ok = ok
        self.error = error
        self.timeout = timeout
        self.approximate = approximate
    }
}
