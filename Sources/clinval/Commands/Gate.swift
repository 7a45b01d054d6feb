import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval gate --db PATH --run RUN-ID [--policy PATH] [--baseline …]`.
    struct Gate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide the gate again on stored results, with another policy or baseline, without running the model.",
            discussion: "Stores the new decision and writes the outputs. Exits 0 when the gate passes, 1 when it fails.")

        @Option(help: "The SQLite database.")
        var db: String = RunRequest.defaultDatabase

        @Option(help: "The run to decide.")
        var run: String

        @Option(help: "The gate policy (default: the policy stored with the run, that of its last decision).")
        var policy: String?

        @OptionGroup var decision: DecisionOptions

        func run() async throws {
            let outcome = try await StoredRunCommands.gate(
                database: db, runID: run, policy: policy, decision: decision.settings, toolVersion: ToolInfo.version)
            Console.print(outcome.summaryLine)
            try outcome.exitStatus.throwIfFailure()
        }
    }
}
