import ClinvalCore
import ClinvalMetrics
import ClinvalStore

/// A run's scored vignettes read back from the database: the gold labels stored with the run
/// joined to the model's answers, as the metrics take them, plus what the report shows of each.
struct RunData {
    /// One vignette with a result.
    struct Entry {
        var labels: VignetteRecord
        var result: ResultRecord
        var outcome: VignetteOutcome
    }

    /// Every vignette with a result, in the store's order (bank id, vignette id).
    var entries: [Entry]

    /// The outcomes, for the metrics.
    var outcomes: [VignetteOutcome] { entries.map(\.outcome) }

    static func load(runID: String, store: ResultStore) throws -> RunData {
        var gold: [String: VignetteRecord] = [:]
        for record in try store.vignettes(runID: runID) {
            gold[record.casebankID + "/" + record.vignetteID] = record
        }
        var entries: [Entry] = []
        entries.reserveCapacity(gold.count)
        try store.forEachResult(runID: runID) { result in
            guard let labels = gold[result.casebankID + "/" + result.vignetteID] else { return }
            let status: OutcomeStatus
            switch result.status {
            case .ok: status = .ok
            case .error: status = .error
            case .timeout: status = .timeout
            }
            let outcome = VignetteOutcome(
                casebankID: labels.casebankID, casebankVersion: labels.casebankVersion, vignetteID: labels.vignetteID,
                age: labels.age, sex: labels.sex, tags: labels.tags, mustPass: labels.mustPass,
                goldDiagnosis: labels.goldDiagnosis, alsoCorrect: labels.alsoCorrect,
                goldDifferential: labels.goldDifferential,
                goldTriage: GoldTriage(lower: labels.goldTriageLow, upper: labels.goldTriageHigh), status: status,
                differential: result.differential.sorted { $0.rank < $1.rank }.map {
                    RankedCondition(condition: $0.conditionID, probability: $0.probability)
                },
                triage: result.triage, latencyMs: result.latencyMS)
            entries.append(Entry(labels: labels, result: result, outcome: outcome))
        }
        return RunData(entries: entries)
    }
}
