/// The kinds of input file clinval reads.
public enum InputKind: String, Sendable, Hashable, CaseIterable {
    /// A vignette bank (docs/casebank-format.md), YAML or JSON Lines.
    case casebank = "bank"
    /// A built-in noisy-OR model file (docs/model-format.md, Noisy-OR network).
    case noisyORModel = "model"
    /// An external model manifest (docs/model-format.md, External model manifest).
    case modelManifest = "manifest"
    /// A gate policy (docs/gate-policy.md).
    case policy = "policy"

    /// The file extensions clinval reads.
    public static let extensions: Set<String> = ["yaml", "yml", "json", "jsonl"]
}
