import ClinvalCore
import ClinvalRunner
import Foundation

// The settings of the commands as typed on the command line, and the checks and defaults that
// turn them into the pipeline's configurations; the command line only parses.

extension BaselineSelection {
    /// The baseline named by `--baseline`: `latest-pass`, or a run id.
    public init(argument: String) {
        self = argument == "latest-pass" ? .latestPass : .run(argument)
    }
}

extension RunRequest {
    /// The default of `--jobs`: the number of cores.
    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The first problem with the options of `clinval run`, as a sentence for a usage error, or
    /// `nil` when they fit together.
    public static func usageProblem(jobs: Int, shard: String?, runID: String?, resume: String?) -> String? {
        if jobs < 1 { return "Please give --jobs of at least 1." }
        if let shard, Shard(shard) == nil {
            return "--shard takes K/N with 1 ≤ K ≤ N, such as 2/4; found '\(shard)'."
        }
        if let runID, let resume, runID != resume {
            return "--resume continues the run it names; leave out --run-id or give the same id."
        }
        if let runID, !Identifiers.isCode(runID) {
            return "--run-id takes letters, digits, '.', '_' and '-'."
        }
        return nil
    }

    /// The configuration of `clinval run` from its options as given (checked with
    /// ``usageProblem(jobs:shard:runID:resume:)``); unspecified values take the shipped defaults.
    public init(
        model: String?, casebanks: [String], policy: String?, database: String?, jobs: Int, shard: String?,
        runID: String?, resume: String?, decision: DecisionSettings, toolVersion: String
    ) {
        self.init(
            model: model, casebanks: casebanks, policy: policy, database: database, outputFolder: decision.outputFolder,
            baseline: decision.baselineSelection, jobs: jobs, shard: shard.flatMap(Shard.init), runID: runID,
            resume: resume, argoOutputs: decision.argoOutputs, seed: decision.seed, labels: decision.labelsMode,
            toolVersion: toolVersion)
    }
}

extension MergePipeline {
    /// The pipeline of `clinval merge` from its options as given.
    public init(database: String, shards: [String], policy: String?, decision: DecisionSettings, toolVersion: String) {
        self.init(
            database: database, shards: shards, policy: policy, baseline: decision.baselineSelection,
            outputFolder: decision.outputFolder, argoOutputs: decision.argoOutputs, seed: decision.seed,
            labels: decision.labelsMode, toolVersion: toolVersion)
    }
}

extension StoredRunCommands {
    /// `clinval gate` from its options as given: see
    /// ``gate(database:runID:policy:baseline:outputFolder:argoOutputs:seed:toolVersion:)``.
    public static func gate(
        database: String, runID: String, policy: String?, decision: DecisionSettings, toolVersion: String
    ) async throws -> RunOutcome {
        try await gate(
            database: database, runID: runID, policy: policy, baseline: decision.baselineSelection,
            outputFolder: decision.outputFolder, argoOutputs: decision.argoOutputs, seed: decision.seed,
            labels: decision.labelsMode, toolVersion: toolVersion)
    }

    /// The line `clinval report` prints once it has written the outputs.
    public static func reportLine(runID: String, outputFolder: String) -> String {
        "Wrote the outputs of run \(runID) to \(outputFolder)."
    }
}

extension RunOutcome {
    /// The line that tells how a run, merge or gate ended:
    /// `Run R: gate PASSED (980 vignettes answered); outputs in reports/R.`
    public var summaryLine: String {
        var counts = "\(tally.answered) vignettes answered"
        if tally.errors + tally.timeouts > 0 { counts += ", \(tally.errors) errors, \(tally.timeouts) timeouts" }
        if tally.approximate > 0 { counts += ", \(tally.approximate) approximate" }
        if tally.skipped > 0 { counts += ", \(tally.skipped) already done" }
        switch ending {
        case .shardStored:
            return "Run \(runID): shard stored (\(counts)); merge the shards with 'clinval merge' to score and gate them."
        case .decided(let passed):
            let folder = outputFolder.map { "; outputs in \($0)" } ?? ""
            return "Run \(runID): gate \(passed ? "PASSED" : "FAILED") (\(counts))\(folder)."
        }
    }

    /// The exit code: 0 for a stored shard or a passed gate, 1 for a failed gate.
    public var exitStatus: ExitStatus { ExitStatus(ending) }
}

extension LintReport {
    /// The exit code: 0 without errors (warnings allowed), 2 otherwise.
    public var exitStatus: ExitStatus { ExitStatus(self) }
}

extension LintReport {
    /// What `clinval lint` prints: every diagnostic, then with `verbose` each file checked with
    /// its kind and identity, then the closing line.
    public func lines(verbose: Bool) -> [String] {
        var lines = diagnostics.all.map(\.description)
        if verbose {
            lines += files.map { "checked \($0.path): \($0.summary)" }
        }
        lines.append(closingLine)
        return lines
    }
}
