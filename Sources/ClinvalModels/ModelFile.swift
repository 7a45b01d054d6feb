import ClinvalCore

/// The kind of a model, as recorded in every result: `noisy-or`, `process` or `http`.
public enum ModelKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A built-in noisy-OR network (`.json`).
    case noisyOR = "noisy-or"
    /// An external model run as child processes.
    case process
    /// An external model behind an HTTP endpoint.
    case http
}

/// A loaded model file: a built-in noisy-OR network or an external model's manifest.
///
/// Load one with ``ModelLoader/load(_:diagnostics:)``.
public enum ModelFile: Sendable, Hashable {
    /// A noisy-OR network from a `.json` file.
    case noisyOR(NoisyORModel)
    /// An external model from a `.yaml` manifest.
    case external(ExternalModelManifest)

    /// The model's name.
    public var name: String {
        switch self {
        case .noisyOR(let model): model.name
        case .external(let manifest): manifest.name
        }
    }

    /// The model's version.
    public var version: String {
        switch self {
        case .noisyOR(let model): model.version
        case .external(let manifest): manifest.version
        }
    }

    /// The code system of the model's findings and conditions.
    public var vocabulary: String {
        switch self {
        case .noisyOR(let model): model.vocabulary
        case .external(let manifest): manifest.vocabulary
        }
    }

    /// `noisy-or`, `process` or `http`.
    public var kind: ModelKind {
        switch self {
        case .noisyOR: .noisyOR
        case .external(let manifest): manifest.kind
        }
    }

    /// The model's identity hash (docs/model-format.md): over the file's bytes for a network; over the
    /// manifest and the files its command names for an external model.
    public var sha256: String {
        switch self {
        case .noisyOR(let model): model.sha256
        case .external(let manifest): manifest.sha256
        }
    }

    /// The file, as the user named it.
    public var file: String {
        switch self {
        case .noisyOR(let model): model.file
        case .external(let manifest): manifest.file
        }
    }

    /// Name, version, kind and sha256, as recorded with every result.
    public var identity: ModelIdentity {
        ModelIdentity(name: name, version: version, kind: kind.rawValue, sha256: sha256)
    }

    /// The finding codes the model knows, for lint warnings on a bank's codes; `nil` when the
    /// model cannot tell (an external model).
    public var knownFindings: Set<String>? {
        switch self {
        case .noisyOR(let model): model.findingIDs
        case .external: nil
        }
    }

    /// The condition codes the model knows, for lint warnings on a bank's gold codes; `nil` when
    /// the model cannot tell (an external model).
    public var knownConditions: Set<String>? {
        switch self {
        case .noisyOR(let model): model.conditionIDs
        case .external: nil
        }
    }
}
