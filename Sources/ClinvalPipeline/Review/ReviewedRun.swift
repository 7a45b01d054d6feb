import ClinvalCore
import ClinvalGate
import ClinvalRunner
import ClinvalStore
import Foundation

/// A decided run as the review commands find it: its record, its stored policy and its current
/// decision's criteria, read back from the database (docs/clinical-review.md).
struct ReviewedRun {
    var store: ResultStore
    var run: RunRecord
    var policy: GatePolicy
    var criteria: [CriterionResult]
    var casebanks: [CasebankIdentity]

    /// Opens the database and reads a decided run.
    ///
    /// - Parameter actorName: The name the audit trail records for what the command appends.
    /// - Throws: ``RunFailure``: exit 2 for a missing database, an unknown run, a shard, or a run
    ///   not decided yet; exit 3 for a database failure.
    static func open(
        database: String, runID: String, actorName: String, environment: PipelineEnvironment
    ) throws -> ReviewedRun {
        let store = try StoredRunCommands.open(database, environment, actorName: actorName)
        return try StoredRunCommands.reading(runID, in: database) {
            guard let run = try store.run(id: runID) else {
                throw RunFailure(.invalidInput, "There is no run \(runID) in \(database).")
            }
            guard run.shard == nil else {
                throw RunFailure(.invalidInput, "Run \(runID) is one shard of a run; merge the shards with 'clinval merge' first.")
            }
            guard run.status == .complete, run.verdict != nil, let policySHA = run.policySHA256 else {
                throw RunFailure(
                    .invalidInput,
                    "Run \(runID) has no gate decision yet (status \(run.status.rawValue)); decide it with 'clinval gate' first.")
            }
            let policy = try StoredPolicy.load(
                run, missing: "Run \(runID) does not hold its policy (an older clinval ran it); decide it again with 'clinval gate --policy' first.")
            let casebanks = try store.casebanks(runID: runID)
            let waivers = try store.waivers(
                model: run.model, casebanksSHA256: CasebankIdentity.combinedSHA256(casebanks), policySHA256: policySHA)
            let byID = Dictionary(waivers.compactMap { waiver in waiver.id.map { ($0, waiver) } }) { first, _ in first }
            let criteria = try store.criteria(runID: runID, labels: run.labels).map {
                try CriterionDetails.result($0, runID: runID, waivers: byID)
            }
            return ReviewedRun(store: store, run: run, policy: policy, criteria: criteria, casebanks: casebanks)
        }
    }

    /// Decides the run again with the inputs of its current decision (policy, baseline, seed,
    /// labels) and writes the outputs to `outputFolder` (default `reports/<run-id>/`), or none
    /// when `writesOutputs` is false (the review server, whose pages read the database).
    func decideAgain(
        outputFolder: String?, argoOutputs: String?, writesOutputs: Bool = true, toolVersion: String,
        environment: PipelineEnvironment
    ) async throws -> RunOutcome {
        let folder = writesOutputs ? outputFolder ?? RunRequest.defaultReportsFolder + "/" + run.runID : nil
        let decision = try await DecisionStage(store: store, toolVersion: toolVersion, now: environment.now).decide(
            runID: run.runID, policy: policy, baseline: run.baselineRunID.map { .run($0) },
            seed: run.bootstrapSeed.map { UInt64(truncatingIfNeeded: $0) }, outputFolder: folder,
            argoOutputs: writesOutputs ? argoOutputs : nil, labels: run.labels)
        let answered = try StoredRunCommands.reading(run.runID, in: store.path) { try store.resultCount(runID: run.runID) }
        var tally = RunTally()
        tally.answered = answered
        return RunOutcome(runID: run.runID, ending: .decided(passed: decision.passed), tally: tally, outputFolder: folder)
    }
}

/// Checks on the free text a reviewer types (names, roles, reasons): present, one line, no
/// invisible or control characters.
enum ReviewText {
    /// The text trimmed, or an exit-2 failure naming the option.
    static func required(_ text: String, option: String, maxLength: Int = 2000) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw RunFailure(.invalidInput, "Please give \(option); it may not be empty.") }
        try check(trimmed, option: option, maxLength: maxLength)
        return trimmed
    }

    /// The text trimmed if given and not empty, else `nil`; checked as ``required(_:option:maxLength:)``.
    static func optional(_ text: String?, option: String, maxLength: Int = 2000) throws -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        try check(trimmed, option: option, maxLength: maxLength)
        return trimmed
    }

    private static func check(_ text: String, option: String, maxLength: Int) throws {
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw RunFailure(.invalidInput, "\(option) may not hold control characters or line breaks.")
        }
        if let invisible = InvisibleCharacters.found(in: text).first {
            throw RunFailure(
                .invalidInput, "\(option) holds an invisible character \(InvisibleCharacters.codePoint(invisible)); type it again.")
        }
        if text.count > maxLength {
            throw RunFailure(.invalidInput, "\(option) is longer than \(maxLength) characters.")
        }
    }
}
