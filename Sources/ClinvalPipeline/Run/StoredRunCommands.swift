import ClinvalCore
import ClinvalGate
import ClinvalStore
import ClinvalRunner
import Foundation

/// `clinval gate` and `clinval report`: decide again, or write the outputs again, from stored
/// results, without running the model.
public enum StoredRunCommands {
    /// Decides the gate of a stored run again, with a policy and baseline, and writes the outputs.
    ///
    /// Without `policy`, the run's stored policy decides (the one of its last decision, or the one
    /// it was run with).
    ///
    /// - Throws: ``InvalidInputError`` for a bad policy; ``RunFailure`` for an unknown run or a
    ///   run whose results are not all stored (exit 2), or a database failure (exit 3).
    public static func gate(
        database: String, runID: String, policy: String?, baseline: BaselineSelection?, outputFolder: String?,
        argoOutputs: String?, seed: UInt64?, labels: LabelsMode? = nil, toolVersion: String,
        environment: PipelineEnvironment = .production
    ) async throws -> RunOutcome {
        let given = try StoredPolicy.given(policy)
        let store = try open(database, environment)
        let (found, stored, expected) = try reading(runID, in: database) {
            (
                try store.run(id: runID), try store.resultCount(runID: runID),
                try store.casebanks(runID: runID).reduce(0) { $0 + $1.vignettes }
            )
        }
        guard let run = found else {
            throw RunFailure(.invalidInput, "There is no run \(runID) in \(database).")
        }
        guard run.shard == nil else {
            throw RunFailure(.invalidInput, "Run \(runID) is one shard of a run; merge the shards with 'clinval merge' first.")
        }
        guard run.status == .complete || stored == expected else {
            throw RunFailure(
                .invalidInput,
                "Run \(runID) is \(run.status.rawValue) with \(stored) of \(expected) results; finish it with 'clinval run --resume \(runID)' first.")
        }
        let gatePolicy = try given
            ?? StoredPolicy.load(
                run,
                missing: "Run \(runID) does not hold its policy (an older clinval ran it); give the policy to decide with\(StoredPolicy.shaNote(run, "it ran with sha256")) with --policy.")
        let folder = outputFolder ?? RunRequest.defaultReportsFolder + "/" + runID
        let decision = try await DecisionStage(store: store, toolVersion: toolVersion, now: environment.now).decide(
            runID: runID, policy: gatePolicy, baseline: baseline, seed: seed, outputFolder: folder,
            argoOutputs: argoOutputs, labels: labels)
        var tally = RunTally()
        tally.answered = stored
        return RunOutcome(runID: runID, ending: .decided(passed: decision.passed), tally: tally, outputFolder: folder)
    }

    /// Writes the outputs of a decided run again from the database alone.
    ///
    /// With `labels`, the run's current decision must have scored against those labels: a report
    /// shows one decision, and another mode's needs its own (`gate --labels`).
    ///
    /// - Returns: whether the stored verdict is pass.
    /// - Throws: ``RunFailure`` for a missing database or run, or a decision scored with other
    ///   labels (exit 2), or a database failure (exit 3).
    public static func report(
        database: String, runID: String, outputFolder: String, argoOutputs: String?, labels: LabelsMode? = nil,
        environment: PipelineEnvironment = .production
    ) throws -> Bool {
        let store = try open(database, environment)
        if let labels, let run = try reading(runID, in: database, { try store.run(id: runID) }), run.labels != labels {
            throw RunFailure(
                .invalidInput,
                "Run \(runID)'s current decision scored against \(run.labels.rawValue) labels; decide it with 'clinval gate --run \(runID) --labels \(labels.rawValue)' to report on \(labels.rawValue) labels.")
        }
        try ReportStage.write(runID: runID, store: store, outputFolder: outputFolder, argoOutputs: argoOutputs)
        return try reading(runID, in: database) { try store.run(id: runID)?.verdict == .pass }
    }

    /// Reads from (or writes to) the store, a failure being exit 3 naming the run; a
    /// ``RunFailure`` the body throws passes unchanged, and a stale state is
    /// ``RunFailure/Kind/staleState`` (exit 2).
    static func reading<T>(_ runID: String, in database: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as RunFailure {
            throw failure
        } catch let error as StoreError where error.code == .staleState {
            throw RunFailure(.staleState, "Not recorded: \(error.message). Load the page or the run again and decide anew.")
        } catch {
            throw RunFailure(.runtime, "Cannot read run \(runID) from the database: \(error)")
        }
    }

    /// Opens an existing database.
    ///
    /// - Throws: ``RunFailure``: exit 2 when there is no file, exit 3 when it cannot be opened.
    static func open(_ database: String, _ environment: PipelineEnvironment, actorName: String? = nil) throws -> ResultStore {
        guard FileManager.default.fileExists(atPath: database) else {
            throw RunFailure(.invalidInput, "No database at \(database); check --db.")
        }
        do {
            return try environment.store(at: database, actorName: actorName)
        } catch {
            throw RunFailure(.runtime, "Cannot open the database \(database): \(error)")
        }
    }
}
