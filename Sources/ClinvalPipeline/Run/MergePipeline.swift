import ClinvalCore
import ClinvalGate
import ClinvalRunner
import ClinvalStore
import Foundation

/// `clinval merge`: joins the shard databases of one run into one run, then scores it, decides
/// the gate and writes the outputs, as an unsharded run would.
public struct MergePipeline: Sendable {
    /// The database to write the merged run into.
    public var database: String
    /// The shard databases.
    public var shards: [String]
    /// The gate policy (it must be the one the shards were run with); nil for the policy stored
    /// with the shards.
    public var policy: String?
    /// The baseline, if any.
    public var baseline: BaselineSelection?
    /// The output folder; `nil` for `reports/<run-id>/`.
    public var outputFolder: String?
    /// Where to write Argo output parameters, if anywhere.
    public var argoOutputs: String?
    /// Overrides the policy's bootstrap seed.
    public var seed: UInt64?
    /// Overrides the policy's labels mode (`--labels`).
    public var labels: LabelsMode?
    /// The tool's version.
    public var toolVersion: String
    /// The database opener and clock the merge uses.
    public var environment: PipelineEnvironment

    /// Creates the pipeline.
    public init(
        database: String, shards: [String], policy: String? = nil, baseline: BaselineSelection? = nil,
        outputFolder: String? = nil, argoOutputs: String? = nil, seed: UInt64? = nil, labels: LabelsMode? = nil, toolVersion: String,
        environment: PipelineEnvironment = .production
    ) {
        self.database = database
        self.shards = shards
        self.policy = policy
        self.baseline = baseline
        self.outputFolder = outputFolder
        self.argoOutputs = argoOutputs
        self.seed = seed
        self.labels = labels
        self.toolVersion = toolVersion
        self.environment = environment
    }

    /// Merges, scores and gates.
    ///
    /// Without ``policy``, the gate is decided with the policy the shards stored (they must all
    /// have run with the same one). Everything is checked before anything is written.
    ///
    /// - Throws: ``InvalidInputError`` for a bad policy; ``RunFailure`` for shards that do not
    ///   make one run, a policy other than the shards', or shards of an older clinval without
    ///   `--policy` (exit 2), or a database failure (exit 3).
    public func execute() async throws -> RunOutcome {
        let given = try StoredPolicy.given(policy)
        for shard in shards where !FileManager.default.fileExists(atPath: shard) {
            throw RunFailure(.invalidInput, "No shard database at \(shard).")
        }
        if shards.contains(database) {
            throw RunFailure(.invalidInput, "The merged database \(database) cannot also be one of the shards.")
        }
        try RunPipeline.createFolder(of: database)
        let plan: ShardMergePlan
        do {
            plan = try ShardMerger.plan(into: database, shards: shards)
        } catch let error as StoreError {
            throw RunFailure(RunFailure.Kind(error), "Cannot merge the shards: \(error)")
        }
        let gatePolicy: GatePolicy
        if let given {
            if let used = plan.run.policySHA256, used != given.sha256 {
                throw RunFailure(
                    .invalidInput,
                    "The shards of run \(plan.run.runID) were run with another policy (sha256 \(used)); give that policy with --policy.")
            }
            gatePolicy = given
        } else {
            gatePolicy = try StoredPolicy.load(
                plan.run,
                missing: "The shards of run \(plan.run.runID) do not hold their policy (an older clinval ran them); give the policy they ran with\(StoredPolicy.shaNote(plan.run)) with --policy.")
        }
        let store: ResultStore
        do {
            store = try environment.store(at: database)
        } catch {
            throw RunFailure(.runtime, "Cannot open the database \(database): \(error)")
        }
        let merged: RunRecord
        do {
            merged = try ShardMerger.merge(plan, into: store, markComplete: false)
        } catch let error as StoreError {
            throw RunFailure(RunFailure.Kind(error), "Cannot merge the shards: \(error)")
        }
        let decision = try await DecisionStage(store: store, toolVersion: toolVersion, now: environment.now).decide(
            runID: merged.runID, policy: gatePolicy, baseline: baseline, seed: seed,
            outputFolder: outputFolder ?? RunRequest.defaultReportsFolder + "/" + merged.runID,
            argoOutputs: argoOutputs, labels: labels)
        var tally = RunTally()
        tally.answered = try StoredRunCommands.reading(merged.runID, in: database) {
            try store.resultCount(runID: merged.runID)
        }
        return RunOutcome(
            runID: merged.runID, ending: .decided(passed: decision.passed), tally: tally,
            outputFolder: decision.outputFolder)
    }
}
