import ArgumentParser
import ClinvalPipeline
import Logging

extension Clinval {
    /// `clinval run`: the whole pipeline.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a model over vignette banks, score it, and decide the gate.",
            discussion: """
                With no options, runs the shipped demo: the model \(RunRequest.defaultModel), \
                every bank under casebanks/, the policy \(RunRequest.defaultPolicy), the \
                database \(RunRequest.defaultDatabase), outputs under reports/<run-id>/.

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
        var jobs: Int = RunRequest.defaultJobs

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
            if let problem = RunRequest.usageProblem(jobs: jobs, shard: shard, runID: runID, resume: resume) {
                throw ValidationError(problem)
            }
        }

        func run() async throws {
            let logger = Logger(label: "clinval")
            let request = RunRequest(
                model: model, casebanks: casebanks, policy: policy, database: db, jobs: jobs, shard: shard,
                runID: runID, resume: resume, decision: decision.settings, toolVersion: ToolInfo.version)
            let outcome = try await RunPipeline(request: request).execute(
                progress: ProgressDisplay(noProgress: noProgress).observer(logger: logger), logger: logger,
                warnings: { Console.printError($0.description) })
            Console.print(outcome.summaryLine)
            try outcome.exitStatus.throwIfFailure()
        }
    }
}
