/// What a clinician concluded on reviewing one vignette's result (docs/database.md). The word avoids a
/// clash with a vignette's clinical findings. The raw values are what `--conclusion`, the
/// database (`adjudications.conclusion`) and the outputs write.
public enum AdjudicationConclusion: String, Sendable, Hashable, CaseIterable, Codable {
    /// The model was wrong; the labels stand.
    case modelError = "model_error"
    /// The doctors' label was wrong; the adjudication gives the corrected fields.
    case labelError = "label_error"
    /// The model's answer is acceptable: its first code, or the codes the adjudication names,
    /// join the vignette's `also_correct`.
    case acceptableAlternative = "acceptable_alternative"
    /// The case needs discussion; nothing changes.
    case unclear

    /// Whether an adjudication with this conclusion can change how a vignette is scored.
    public var changesLabels: Bool { self == .labelError || self == .acceptableAlternative }
}
