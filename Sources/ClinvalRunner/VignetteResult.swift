import ClinvalAdapters
import ClinvalCasebanks
import ClinvalCore

/// One vignette as evaluated: the bank it came from, the vignette with its gold labels, and the
/// model's answer.
public struct VignetteResult: Sendable {
    /// The bank's id.
    public var casebankID: String
    /// The bank's version.
    public var casebankVersion: String
    /// The vignette, with the gold labels it is scored against.
    public var vignette: Vignette
    /// The model's answer.
    public var answer: ModelAnswer

    /// Creates a result.
    public init(casebankID: String, casebankVersion: String, vignette: Vignette, answer: ModelAnswer) {
        self.casebankID = casebankID
        self.casebankVersion = casebankVersion
        self.vignette = vignette
        self.answer = answer
    }

    /// r_i of docs/metrics.md: the best 1-based rank of any correct code (the gold diagnosis or an
    /// also-correct code) in the returned differential; `nil` (∞) if none is there or the
    /// vignette has no answer.
    public var goldRank: Int? {
        guard answer.status == .ok else { return nil }
        let correct = vignette.gold.correctCodes
        return answer.differential.firstIndex { correct.contains($0.condition) }.map { $0 + 1 }
    }
}
