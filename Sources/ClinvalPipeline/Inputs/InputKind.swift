/// The kinds of input file clinval reads.
public enum InputKind: String, Sendable, Hashable, CaseIterable {
    /// A vignette bank (CONTRACT §4), YAML or JSON Lines.
    case caseBank = "bank"
    /// A built-in noisy-OR model file (CONTRACT §5.1).
    case noisyORModel = "model"
    /// An external model manifest (CONTRACT §5.2).
    case modelManifest = "manifest"
    /// A gate policy (CONTRACT §6).
    case policy = "policy"

    /// The file extensions clinval reads.
    public static let extensions: Set<String> = ["yaml", "yml", "json", "jsonl"]
}
