/// A model's identity in every record (docs/model-format.md): name, version, kind and sha256.
///
/// The one type for it: the model loader makes it, the store keeps it with each run, and the
/// summary and the reports show it.
public struct ModelIdentity: Sendable, Hashable, Codable {
    /// The model's name (`name` of a model file, `model` of a manifest).
    public var name: String
    /// The model's version.
    public var version: String
    /// `noisy-or`, `process` or `http`.
    public var kind: String
    /// The identity hash, 64 lowercase hex digits: over the model file, or over a manifest and
    /// the files its command names.
    public var sha256: String

    /// Creates an identity.
    public init(name: String, version: String, kind: String, sha256: String) {
        self.name = name
        self.version = version
        self.kind = kind
        self.sha256 = sha256
    }
}
