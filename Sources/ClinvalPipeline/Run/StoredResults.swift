import ClinvalCore
import ClinvalMetrics
import ClinvalReports
import ClinvalStore

/// A run's scored vignettes read back from the database: the gold labels stored with the run
/// joined to the model's answers, as the metrics take them, plus what the report shows of each
/// (its summary and findings, the model's error, the approximation).
struct StoredResults {
    /// One vignette with a result.
    struct Entry {
        var labels: VignetteRecord
        var result: ResultRecord
        var outcome: VignetteOutcome
        /// The vignette's content digest, which adjudications name.
        var contentSHA256: String
        /// The adjudication standing for the vignette's content, if any (whatever the labels
        /// mode: the report lists adjudications either way).
        var adjudication: Adjudication?
        /// The outcome against the labels as the bank gives them (``outcome`` is the one scored).
        var asLabelled: VignetteOutcome
    }

    /// Each adjudicated vignette's outcome as labelled, with its standing adjudication.
    var adjudicated: [(outcome: VignetteOutcome, adjudication: Adjudication)] {
        entries.compactMap { entry in entry.adjudication.map { (entry.asLabelled, $0) } }
    }

    /// The labels the outcomes are scored against.
    var labels: LabelsMode = .asLabelled

    /// Every vignette with a result, in the store's order (bank id, vignette id).
    var entries: [Entry]

    /// The outcomes, for the metrics.
    var outcomes: [VignetteOutcome] { entries.map(\.outcome) }

    /// The vignettes as the report model reads them, each scored once.
    var reportVignettes: [ReportVignette] {
        entries.map(Self.reportVignette)
    }

    /// Reads a run's vignettes and results.
    ///
    /// - Throws: `StoreError`; with code `unreadableRecord` for a result whose vignette's gold
    ///   labels are not stored (the foreign keys forbid it; a file edited without them may hold one),
    ///   which is never left out.
    private static func load(runID: String, store: ResultStore) throws -> StoredResults {
        var gold: [VignetteKey: VignetteRecord] = [:]
        for record in try store.vignettes(runID: runID) {
            gold[VignetteKey(casebankID: record.casebankID, vignetteID: record.vignetteID)] = record
        }
        var entries: [Entry] = []
        entries.reserveCapacity(gold.count)
        try store.forEachResult(runID: runID) { result in
            guard let labels = gold[result.key] else {
                throw StoreError(
                    .unreadableRecord,
                    "run \(quoted(runID)): vignette \(quoted(result.key.description)) has a result but no stored gold labels",
                    path: store.path)
            }
            entries.append(try entry(labels: labels, result: result, runID: runID, store: store))
        }
        return StoredResults(entries: entries)
    }

    /// One vignette's gold labels joined to its result.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` for a stored gold triage that cannot be read.
    private static func entry(labels: VignetteRecord, result: ResultRecord, runID: String, store: ResultStore) throws -> Entry {
        guard let content = labels.content else {
            throw StoreError(
                .unreadableRecord,
                "run \(quoted(runID)): vignette \(quoted(result.key.description)) has a stored gold triage "
                    + "whose low end is more urgent than its high end",
                path: store.path)
        }
        let outcome = VignetteOutcome(
            casebankID: labels.casebankID, casebankVersion: labels.casebankVersion, vignetteID: labels.vignetteID,
            age: labels.age, sex: labels.sex, tags: labels.tags, mustPass: labels.mustPass,
            goldDiagnosis: labels.goldDiagnosis, alsoCorrect: labels.alsoCorrect,
            goldDifferential: labels.goldDifferential,
            goldTriage: content.goldTriage, status: result.status,
            differential: result.differential,
            triage: result.triage, latencyMs: result.latencyMS)
        return Entry(labels: labels, result: result, outcome: outcome, contentSHA256: content.sha256, asLabelled: outcome)
    }

    /// One vignette of a run with its result, as labelled, or nil when the run has no result for it.
    ///
    /// - Throws: `StoreError`, as the whole run's load.
    static func entry(runID: String, key: VignetteKey, store: ResultStore) throws -> Entry? {
        guard let labels = try store.vignette(runID: runID, key: key), let result = try store.result(runID: runID, key: key)
        else { return nil }
        return try entry(labels: labels, result: result, runID: runID, store: store)
    }

    /// The report model's view of an entry.
    static func reportVignette(_ entry: Entry) -> ReportVignette {
        ReportVignette(
            outcome: entry.outcome, summary: entry.labels.summary, present: entry.labels.present,
            absent: entry.labels.absent, error: entry.result.error, approximation: entry.result.approximation)
    }

    /// Reads a run's vignettes and results, with the standing adjudication of each vignette, and
    /// scored against the labels `mode` names: for `adjudicated`, each outcome's gold labels are
    /// corrected by its standing adjudication (docs/clinical-review.md).
    static func load(runID: String, store: ResultStore, labels mode: LabelsMode) throws -> StoredResults {
        var results = try load(runID: runID, store: store)
        let digests = Dictionary(
            results.entries.map { (VignetteKey(casebankID: $0.labels.casebankID, vignetteID: $0.labels.vignetteID), $0.contentSHA256) },
            uniquingKeysWith: { first, _ in first })
        let standing = try store.standingAdjudications(for: digests)
        results.labels = mode
        for index in results.entries.indices {
            let key = VignetteKey(
                casebankID: results.entries[index].labels.casebankID, vignetteID: results.entries[index].labels.vignetteID)
            guard let adjudication = standing[key] else { continue }
            results.entries[index].adjudication = adjudication
            if mode == .adjudicated {
                results.entries[index].outcome = results.entries[index].outcome.adjudicated(by: adjudication)
            }
        }
        return results
    }
}
