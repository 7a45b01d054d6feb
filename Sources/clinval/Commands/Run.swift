import ArgumentParser
import ClinvalCore
import ClinvalPipeline
import ClinvalRunner
import Foundation
import Logging

extension Clinval {
    /// `clinval run`: the whole pipeline.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a model over vignette banks, score it, and decide the gate.",
            discussion: """
                With no options, runs the shipped demo: the model \(RunConfiguration.defaultModel), \
                every bank under casebanks/, the policy \(RunConfiguration.defaultPolicy), the \
                database \(RunConfiguration.defaultDatabase), outputs under reports/<run-id>/.

                Exits 0 when the gate passes, 1 when it fails (outputs are written either way), 2 \
                for invalid input and 3 when the model cannot be reached or the database fails.
                """
        )

        @Option(help: "The model: a noisy-OR file (.json) or a manifest (.yaml).")
        var model: String?

        @Option(name: .customLong("casebank"), help: "A bank file or a folder of banks (repeatable).")
        var casebanks: [String] = []

        @Option(help: "The gate policy (.yaml).")
        var policy: String?

        @Option(help: "The SQLite database.")
        var db: String?

        @Option(help: "Batches checked, answered and committed at once (about the cores used); the default is the number of cores.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Run only shard K of N (e.g. 2/4); merge the shards with 'clinval merge'.")
        var shard: String?

        @Option(name: .customLong("run-id"), help: "The run id (default: made from the time and the model name).")
        var runID: String?

        @Option(help: "Continue a killed run, skipping the vignettes it committed.")
        var resume: String?

        @OptionGroup var decision: DecisionOptions

        @Flag(name: .customLong("no-progress"), help: "Log progress lines instead of drawing a progress bar.")
        var noProgress = false

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("Please give --jobs of at least 1.") }
            if let shard, ShardSelector(shard) == nil {
                throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, such as 2/4; found '\(shard)'.")
            }
            if let runID, let resume, runID != resume {
                throw ValidationError("--resume continues the run it names; leave out --run-id or give the same id.")
            }
            if let runID, !Identifiers.isCode(runID) {
                throw ValidationError("--run-id takes letters, digits, '.', '_' and '-'.")
            }
        }

        func run() async throws {
            let logger = Logger(label: "clinval")
            let configuration = RunConfiguration(
                model: model, caseBanks: casebanks, policy: policy, database: db, outputFolder: decision.out,
                baseline: decision.baselineSelection, jobs: jobs, shard: shard.flatMap(ShardSelector.init),
                runID: runID, resume: resume, argoOutputs: decision.argoOutputs, seed: decision.seed,
                toolVersion: ToolInfo.version)
            let progress: any RunProgressObserver =
                (!noProgress && isatty(STDERR_FILENO) == 1) ? TerminalProgressBar() : PeriodicProgressLog(logger: logger)
            let outcome: RunOutcome
            do {
                outcome = try await RunPipeline(configuration: configuration).execute(
                    progress: progress, logger: logger, warnings: { Console.printError($0.description) })
            } catch let failure as RunFailure {
                Console.printError("error: \(failure.message)")
                throw failure.exitCode
            }
            try Console.finish(outcome)
        }
    }
}

extension Console {
    /// Prints how a run ended and turns its verdict into the exit code.
    static func finish(_ outcome: RunOutcome) throws {
        let tally = outcome.tally
        var counts = "\(tally.answered) vignettes answered"
        if tally.errors + tally.timeouts > 0 { counts += ", \(tally.errors) errors, \(tally.timeouts) timeouts" }
        if tally.approximate > 0 { counts += ", \(tally.approximate) approximate" }
        if tally.skipped > 0 { counts += ", \(tally.skipped) already done" }
        switch outcome.ending {
        case .shardStored:
            print("Run \(outcome.runID): shard stored (\(counts)); merge the shards with 'clinval merge' to score and gate them.")
        case .decided(let passed):
            let folder = outcome.outputFolder.map { "; outputs in \($0)" } ?? ""
            print("Run \(outcome.runID): gate \(passed ? "PASSED" : "FAILED") (\(counts))\(folder).")
            if !passed { throw ExitCode(ExitStatus.gateFailed) }
        }
    }
}
