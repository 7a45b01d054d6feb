import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import ClinvalStore
import Foundation

/// Scores a run whose results are stored, decides the gate, stores both, marks the run complete
/// and writes the outputs from the database (used by `run`, `merge` and `gate`).
///
/// Outputs are rendered from what the database holds after the decision, by the same code as
/// `clinval report`, so regenerating them gives the same bytes.
struct DecisionStage {
    let store: ResultStore
    let toolVersion: String
    /// The clock of the decision's finish time.
    var now: @Sendable () -> Date = { Date() }

    struct Decision {
        var passed: Bool
        var outputFolder: String?
    }

    /// Scores the run, decides the gate, stores the decision and writes the outputs (none when
    /// `outputFolder` is nil: the review server shows them from the database).
    ///
    /// The decision (policy, metrics, criteria, verdict, completion) is stored in one transaction:
    /// if storing fails, a run decided before keeps its previous decision whole (and stays
    /// complete); a run never decided is marked failed, its results kept, so `--resume` decides it.
    ///
    /// The labels are `labels` when given, else the policy's `labels:`, else as labelled. The
    /// review (waivers for this model, banks and policy; the run's signatures) is read from the
    /// store and judged at the time of the decision.
    func decide(
        runID: String, policy: GatePolicy, baseline: BaselineSelection?, seed: UInt64?, outputFolder: String?,
        argoOutputs: String?, labels: LabelsMode? = nil
    ) async throws -> Decision {
        let mode = labels ?? policy.labels ?? .asLabelled
        var previousStatus: RunStatus?
        do {
            guard let run = try store.run(id: runID) else {
                throw RunFailure(.invalidInput, "There is no run \(runID) in the database.")
            }
            previousStatus = run.status
            let data = try StoredResults.load(runID: runID, store: store, labels: mode)
            let bootstrap = BootstrapSettings(resamples: policy.bootstrap.resamples, seed: seed ?? policy.bootstrap.seed)

            // Metrics: every metric for scope all, the standard breakdowns and every scope a
            // criterion names.
            var scopes = Scope.breakdowns(for: data.outcomes)
            for scope in policy.criterionScopes where !scopes.contains(scope) { scopes.append(scope) }
            let metrics = await MetricCalculator(bootstrap: bootstrap).compute(outcomes: data.outcomes, scopes: scopes)

            // The baseline, paired over the vignettes both runs answered.
            let gateBaseline = try await resolveBaseline(
                baseline, run: run, policy: policy, candidate: data.outcomes, bootstrap: bootstrap, labels: mode)
            let casebanks = try store.casebanks(runID: runID)
            let review = GateReview(
                runID: runID, model: run.model, casebanks: casebanks, labels: mode,
                waivers: try store.waivers(
                    model: run.model, casebanksSHA256: CasebankIdentity.combinedSHA256(casebanks),
                    policySHA256: policy.sha256),
                signatures: try store.signatures(runID: runID), now: now())
            let decision = GateEvaluator.evaluate(policy: policy, metrics: metrics, baseline: gateBaseline, review: review)
            let verdict = decision.verdict

            // Store all of it, and mark the run complete, in one transaction (docs/database.md).
            let criteria: [CriterionRecord]
            do {
                criteria = try decision.criteria.map(CriterionDetails.record)
            } catch {
                let message = "the gate's criteria cannot be stored: \(error)"
                let note = markFailed(runID, previousStatus, reason: message)
                throw RunFailure(.runtime, "Run \(runID): \(message)\(note)")
            }
            try store.storeDecision(
                DecisionRecord(
                    policy: DecisionRecord.Policy(
                        gate: policy.gate, sha256: policy.sha256, text: policy.text,
                        bootstrapResamples: bootstrap.resamples, bootstrapSeed: Int(truncatingIfNeeded: bootstrap.seed)),
                    metrics: metrics, criteria: criteria, verdict: verdict,
                    baselineRunID: gateBaseline?.runID, finishedAt: now(), labels: mode,
                    decisionSHA256: decision.decisionSHA256),
                runID: runID)

            // The outputs, from the database alone.
            if let outputFolder {
                try ReportStage.write(runID: runID, store: store, outputFolder: outputFolder, argoOutputs: argoOutputs)
            }
            return Decision(passed: decision.verdict == .pass, outputFolder: outputFolder)
        } catch let failure as RunFailure {
            throw failure
        } catch let error as StoreError {
            let note = markFailed(runID, previousStatus, reason: "the database failed: \(error)")
            throw RunFailure(.runtime, "Run \(runID): the database failed: \(error)\(note)")
        }
    }

    /// Marks a run failed after a runtime failure, unless it was complete before this decision
    /// (it keeps its previous one) or its decision is stored already (only writing the outputs
    /// failed).
    ///
    /// - Returns: nothing when the run was marked (or needed no mark); otherwise a note for the
    ///   error message saying that the mark failed too, and why, so that the failure is not
    ///   hidden behind the one being reported.
    private func markFailed(_ runID: String, _ previousStatus: RunStatus?, reason: String) -> String {
        guard previousStatus != .complete else { return "" }
        do {
            guard try store.run(id: runID)?.status != .complete else { return "" }
            try store.markFailed(runID: runID, reason: reason, finishedAt: now())
            return ""
        } catch {
            return "; the run could not be marked failed either: \(error)"
        }
    }

    /// The baseline run and its comparisons, or `nil` when there is none.
    func resolveBaseline(
        _ selection: BaselineSelection?, run: RunRecord, policy: GatePolicy, candidate: [VignetteOutcome],
        bootstrap: BootstrapSettings, labels: LabelsMode
    ) async throws -> GateBaseline? {
        let baselineRun: RunRecord?
        switch selection {
        case nil:
            baselineRun = nil
        case .run(let id):
            guard let found = try store.run(id: id), found.runID != run.runID else {
                throw RunFailure(.invalidInput, "There is no other run \(id) in the database to use as the baseline.")
            }
            guard found.status == .complete else {
                throw RunFailure(.invalidInput, "The baseline run \(id) is \(found.status.rawValue), not complete.")
            }
            baselineRun = found
        case .latestPass:
            baselineRun = try store.latestPassingRun(modelName: run.model.name).flatMap {
                $0.runID == run.runID ? nil : $0
            }
        }
        guard let baselineRun else { return nil }
        // Both runs are scored with the same labels.
        let baselineOutcomes = try StoredResults.load(runID: baselineRun.runID, store: store, labels: labels).outcomes
        let comparator = BaselineComparator(bootstrap: bootstrap)
        var gateBaseline = GateBaseline(runID: baselineRun.runID, comparisons: [])
        for needed in policy.baselineComparisonsNeeded {
            if let comparison = await comparator.compare(
                metric: needed.metric, scope: needed.scope, candidate: candidate, baseline: baselineOutcomes)
            {
                gateBaseline.comparisons.append(comparison)
            }
        }
        return gateBaseline
    }
}
