import ClinvalCore

extension VignetteOutcome {
    /// The outcome scored against adjudicated labels (docs/clinical-review.md): the vignette's
    /// standing adjudication applied to its gold labels.
    ///
    /// - `label_error`: each corrected field replaces the doctors' one: the diagnosis, the
    ///   also-correct codes (when any are given) and the triage range.
    /// - `acceptable_alternative`: the adjudication's codes (the model's first code when the
    ///   clinician named none, resolved when it was recorded) join the also-correct codes.
    /// - `model_error` and `unclear`: nothing changes.
    ///
    /// The scores follow from the labels (``VignetteScore``), so every metric of the vignette is
    /// computed against the corrected labels; the model's answer is untouched.
    public func adjudicated(by adjudication: Adjudication) -> VignetteOutcome {
        var outcome = self
        switch adjudication.conclusion {
        case .labelError:
            if let diagnosis = adjudication.diagnosis { outcome.goldDiagnosis = diagnosis }
            if !adjudication.alsoCorrect.isEmpty { outcome.alsoCorrect = adjudication.alsoCorrect }
            if let triage = adjudication.triage { outcome.goldTriage = triage }
        case .acceptableAlternative:
            for code in adjudication.alsoCorrect
            where code != outcome.goldDiagnosis && !outcome.alsoCorrect.contains(code) {
                outcome.alsoCorrect.append(code)
            }
        case .modelError, .unclear:
            break
        }
        return outcome
    }
}

/// The labels a set of outcomes is scored against (docs/clinical-review.md).
public enum AdjudicatedLabels {
    /// The outcomes with their standing adjudications applied, in the same order; an outcome
    /// without one is unchanged. `standing` holds, per vignette, the latest adjudication of the
    /// content the run scored (the caller matches the content digest).
    public static func apply(_ standing: [VignetteKey: Adjudication], to outcomes: [VignetteOutcome]) -> [VignetteOutcome] {
        guard !standing.isEmpty else { return outcomes }
        return outcomes.map { outcome in
            standing[VignetteKey(casebankID: outcome.casebankID, vignetteID: outcome.vignetteID)].map(outcome.adjudicated(by:))
                ?? outcome
        }
    }

    /// How many of the outcomes a set of standing adjudications changes the labels of.
    public static func changedCount(_ standing: [VignetteKey: Adjudication], in outcomes: [VignetteOutcome]) -> Int {
        outcomes.reduce(0) { count, outcome in
            guard let adjudication = standing[VignetteKey(casebankID: outcome.casebankID, vignetteID: outcome.vignetteID)]
            else { return count }
            return outcome.adjudicated(by: adjudication) == outcome ? count : count + 1
        }
    }
}
