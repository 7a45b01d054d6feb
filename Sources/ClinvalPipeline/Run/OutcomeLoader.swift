import ClinvalCore
import ClinvalMetrics
import ClinvalStore

/// Reads a run's scored vignettes back from the database: the gold labels it stored with the run
/// joined to the model's answers, as the metrics take them.
enum OutcomeLoader {
    /// Every vignette of a run that has a result, with its gold labels.
    static func outcomes(runID: String, store: ResultStore) throws -> [VignetteOutcome] {
        var gold: [String: VignetteRecord] = [:]
        for record in try store.vignettes(runID: runID) {
            gold[record.casebankID + "/" + record.vignetteID] = record
        }
        var outcomes: [VignetteOutcome] = []
        outcomes.reserveCapacity(gold.count)
        try store.forEachResult(runID: runID) { result in
            guard let labels = gold[result.casebankID + "/" + result.vignetteID] else { return }
            let status: OutcomeStatus
            switch result.status {
            case .ok: status = .ok
            case .error: status = .error
            case .timeout: status = .timeout
            }
            outcomes.append(
                VignetteOutcome(
                    casebankID: labels.casebankID, casebankVersion: labels.casebankVersion,
                    vignetteID: labels.vignetteID, age: labels.age, sex: labels.sex, tags: labels.tags,
                    mustPass: labels.mustPass, goldDiagnosis: labels.goldDiagnosis, alsoCorrect: labels.alsoCorrect,
                    goldDifferential: labels.goldDifferential,
                    goldTriage: GoldTriage(lower: labels.goldTriageLow, upper: labels.goldTriageHigh),
                    status: status,
                    differential: result.differential.sorted { $0.rank < $1.rank }.map {
                        RankedCondition(condition: $0.conditionID, probability: $0.probability)
                    },
                    triage: result.triage, latencyMs: result.latencyMS))
        }
        return outcomes
    }
}
