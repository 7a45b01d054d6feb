/// A clinical finding of a case card: a code the vignette records as present or absent, with the
/// model's label for it where the model gives one.
///
/// The HTML report shows `Fever (E_91)` for a finding with a label and the code alone for one
/// without (a code the model does not know, or a model that names no findings). Findings are
/// vignette content: they appear in `report.html` only, never in `junit.xml`.
///
/// ```swift
/// CaseFinding.list(["E_91", "E_53"], labels: ["E_91": "Fever"])
/// // [CaseFinding(code: "E_91", label: "Fever"), CaseFinding(code: "E_53", label: nil)]
/// ```
public struct CaseFinding: Sendable, Hashable {
    /// The finding code, as the bank gives it.
    public var code: String
    /// The model's label for the code, if it gives one.
    public var label: String?

    /// Creates a finding.
    public init(code: String, label: String? = nil) {
        self.code = code
        self.label = label
    }

    /// The findings of `codes`, in their order, each with its label from `labels` (none for a code
    /// without a label there, or with an empty one).
    public static func list(_ codes: [String], labels: [String: String]) -> [CaseFinding] {
        codes.map { code in
            let label = labels[code].flatMap { $0.isEmpty ? nil : $0 }
            return CaseFinding(code: code, label: label)
        }
    }
}
