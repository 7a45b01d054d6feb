import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import ClinvalReports
import ClinvalStore
import Foundation

/// Writes a decided run's outputs — `summary.json`, `junit.xml`, `report.html` and the Argo
/// output parameters — from the database alone (`run`, `merge`, `gate` and `report` all call it).
///
/// Wiring only: reads the run from the store, builds the report model (``ReportModelBuilder``
/// in ClinvalReports) and hands it to the writers.
public enum ReportStage {
    /// Renders and writes the outputs of a run.
    ///
    /// - Throws: ``RunFailure``: exit 2 for an unknown or undecided run, exit 3 for a database
    ///   or file error.
    public static func write(runID: String, store: ResultStore, outputFolder: String, argoOutputs: String?) throws {
        let (input, summary) = try assemble(runID: runID, store: store)
        do {
            _ = try ReportOutputs.write(input: input, summaryJSON: summary.jsonText(), to: outputFolder)
            if let argoOutputs {
                try ArgoOutputsWriter().write(input, to: argoOutputs)
            }
        } catch {
            throw RunFailure(.runtime, "Cannot write the outputs of run \(runID) to \(outputFolder): \(error)")
        }
    }

    /// What `report.html` shows of a decided run, from the database: the review server's run page
    /// reads its verdict, criteria and review state from here, as the report does.
    ///
    /// - Throws: ``RunFailure``: exit 2 for an unknown or undecided run, exit 3 for a database error.
    public static func reportInput(runID: String, store: ResultStore) throws -> ReportInput {
        try assemble(runID: runID, store: store).0
    }

    /// A decided run's `report.html`, rendered from the database as `clinval report` writes it.
    ///
    /// - Throws: as ``reportInput(runID:store:)``.
    public static func reportHTML(runID: String, store: ResultStore) throws -> String {
        HTMLReportWriter().render(try reportInput(runID: runID, store: store))
    }

    /// The report input and the summary of a decided run, from the database.
    static func assemble(runID: String, store: ResultStore) throws -> (ReportInput, SummaryDocument) {
        do {
            guard let run = try store.run(id: runID) else {
                throw RunFailure(.invalidInput, "There is no run \(runID) in the database.")
            }
            guard run.verdict != nil, let gate = run.policyGate, let policySHA = run.policySHA256 else {
                throw RunFailure(
                    .invalidInput,
                    "Run \(runID) has no gate decision yet (status \(run.status.rawValue)); decide it with 'clinval gate' first.")
            }
            let casebanks = try store.casebanks(runID: runID)
            let metricValues = try store.metrics(runID: runID, labels: run.labels)
            // The waivers a stored criterion may name: those for this model, banks and policy.
            let waivers = try store.waivers(
                model: run.model, casebanksSHA256: CasebankIdentity.combinedSHA256(casebanks), policySHA256: policySHA)
            let waiversByID = Dictionary(waivers.compactMap { waiver in waiver.id.map { ($0, waiver) } }) { first, _ in first }
            // Every stored row reads back or the report fails: a criterion or a metric missing
            // from a safety report is worse than no report.
            let criteria = try store.criteria(runID: runID, labels: run.labels).map {
                try CriterionDetails.result($0, runID: runID, waivers: waiversByID)
            }
            let data = try StoredResults.load(runID: runID, store: store, labels: run.labels)
            let settings = try ReportSettings.decode(run.settingsJSON, runID: runID)
            let decision = GateDecision(criteria: criteria, decisionSHA256: run.decisionSHA256)
            // The head of the audit trail when the decision was made: its "gate decided" entry.
            let auditHead = try store.auditEntries(runID: runID).last { $0.action == .gateDecided }?.sha256

            let vignettes = data.reportVignettes
            let bootstrap = BootstrapSettings(
                resamples: run.bootstrapResamples ?? BootstrapSettings.default.resamples,
                seed: run.bootstrapSeed.map { UInt64(truncatingIfNeeded: $0) } ?? BootstrapSettings.default.seed)
            let bankIdentities = casebanks
            let policy = PolicyIdentity(gate: gate, sha256: policySHA)
            let input = ReportInput(
                run: RunInfo(
                    runID: runID, verdict: decision.verdict, status: run.status,
                    failureMessage: run.failureReason, startedAt: run.startedAt, finishedAt: run.finishedAt,
                    toolVersion: run.toolVersion, gitCommit: run.gitCommit, hostname: settings.hostname, jobs: run.jobs,
                    shard: run.shard?.description, seed: run.seed.map { UInt64(truncatingIfNeeded: $0) },
                    bootstrap: bootstrap,
                    model: run.model,
                    casebanks: bankIdentities,
                    policy: policy, baselineRunID: run.baselineRunID),
                vignettes: vignettes, criteria: criteria, metrics: metricValues,
                conditionLabels: settings.conditionLabels, findingLabels: settings.findingLabels)
            var reviewed = input
            let adjudicated = data.adjudicated
            reviewed.adjudications = AdjudicationSummary.build(
                outcomes: data.entries.map(\.asLabelled),
                standing: Dictionary(
                    adjudicated.map { (VignetteKey(casebankID: $0.outcome.casebankID, vignetteID: $0.outcome.vignetteID), $0.adjudication) },
                    uniquingKeysWith: { first, _ in first }))
            reviewed.review = ReportReview(
                decision: decision, signatures: try store.signatures(runID: runID), labels: run.labels,
                auditHead: auditHead)
            let summary = SummaryDocument(
                runID: runID,
                model: run.model,
                casebanks: bankIdentities,
                policy: policy, baselineRunID: run.baselineRunID,
                startedAt: run.startedAt, finishedAt: run.finishedAt, toolVersion: run.toolVersion, bootstrap: bootstrap,
                counts: input.counts, metrics: metricValues, decision: decision, labels: run.labels,
                auditHead: auditHead)

            return (reviewed, summary)
        } catch let failure as RunFailure {
            throw failure
        } catch var error as StoreError {
            if error.path == nil { error.path = store.path }
            throw RunFailure(.runtime, "Cannot read run \(runID) from the database: \(error)")
        } catch {
            throw RunFailure(.runtime, "Cannot read run \(runID) from the database \(store.path): \(error)")
        }
    }
}
