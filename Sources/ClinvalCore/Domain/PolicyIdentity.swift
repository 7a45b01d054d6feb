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
