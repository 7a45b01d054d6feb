import ClinvalAdapters
import ClinvalCasebanks
import ClinvalCore
import ClinvalRunner
import ClinvalStore

/// Writes answered batches to the store: each vignette's gold labels, its result and its
/// differential, one transaction per batch.
///
/// A write runs on the calling task's thread: the runner calls it within a job's slot, so the
/// commit's CPU time counts against `--jobs` like the rest of the job's work.
struct StoreResultSink: ResultSink {
    let store: ResultStore
    let runID: String

    func write(_ batch: [VignetteResult]) async throws {
        let store = self.store
        let runID = self.runID
        try store.commit(
            vignettes: batch.map(Self.vignetteRecord), results: batch.map(Self.resultRecord), runID: runID)
    }

    static func vignetteRecord(_ result: VignetteResult) -> VignetteRecord {
        let vignette = result.vignette
        return VignetteRecord(
            casebankID: result.casebankID, vignetteID: vignette.id, casebankVersion: result.casebankVersion,
            age: vignette.age, sex: vignette.sex, present: vignette.present, absent: vignette.absent,
            summary: vignette.summary, goldDiagnosis: vignette.gold.diagnosis, alsoCorrect: vignette.gold.alsoCorrect,
            goldDifferential: vignette.gold.differential, goldTriageLow: vignette.gold.triage.lower,
            goldTriageHigh: vignette.gold.triage.upper, mustPass: vignette.mustPass, tags: vignette.tags)
    }

    static func resultRecord(_ result: VignetteResult) -> ResultRecord {
        let answer = result.answer
        return ResultRecord(
            casebankID: result.casebankID, vignetteID: result.vignette.id, status: answer.status.kind,
            error: answer.status.message, triage: answer.status == .ok ? answer.triage : nil,
            goldRank: result.goldRank, latencyMS: answer.latencyMs,
            approximation: answer.approximate,
            unknownCodes: answer.unknownCodeCount ?? 0,
            differential: answer.differential)
    }
}
