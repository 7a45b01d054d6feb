import ClinvalCore

extension GoldLabel {
    /// The label with an adjudication applied, by the rules of scoring against adjudicated labels
    /// (docs/clinical-review.md), so that a bank rewritten with its corrections scores as its
    /// earlier version scored with them:
    ///
    /// - `label_error`: each corrected field replaces the doctors' one: the diagnosis, the
    ///   also-correct codes (when any are given) and the triage range;
    /// - `acceptable_alternative`: the adjudication's codes that are neither the diagnosis nor
    ///   already listed join the also-correct codes, in order;
    /// - `model_error` and `unclear`: nothing changes.
    ///
    /// A code given twice counts once, as a bank's reader keeps it.
    public func corrected(by adjudication: Adjudication) -> GoldLabel {
        var label = self
        switch adjudication.conclusion {
        case .labelError:
            if let diagnosis = adjudication.diagnosis { label.diagnosis = diagnosis }
            if !adjudication.alsoCorrect.isEmpty {
                var seen: Set<String> = []
                label.alsoCorrect = adjudication.alsoCorrect.filter { seen.insert($0).inserted }
            }
            if let triage = adjudication.triage { label.triage = triage }
        case .acceptableAlternative:
            for code in adjudication.alsoCorrect where code != label.diagnosis && !label.alsoCorrect.contains(code) {
                label.alsoCorrect.append(code)
            }
        case .modelError, .unclear:
            break
        }
        return label
    }
}

extension Vignette {
    /// What an adjudication of this vignette is about: its inputs and labels in bank
    /// `casebankID` (docs/clinical-review.md, the vignette digest is its `sha256`).
    public func content(casebankID: String) -> VignetteContent {
        VignetteContent(
            key: VignetteKey(casebankID: casebankID, vignetteID: id), age: age, sex: sex, present: present,
            absent: absent, summary: summary, goldDiagnosis: gold.diagnosis, alsoCorrect: gold.alsoCorrect,
            goldDifferential: gold.differential, goldTriage: gold.triage, mustPass: mustPass, tags: tags)
    }
}
