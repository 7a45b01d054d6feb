import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval gate --db PATH --run RUN-ID [--policy PATH] [--baseline …]`.
    struct Gate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide the gate again on stored results, with another policy or baseline, without running the model.",
            discussion: "Stores the new decision and writes the outputs. Exits 0 when the gate passes, 1 when it fails.")

        @Option(help: "The SQLite database.")
        var db: String = RunConfiguration.defaultDatabase

        @Option(help: "The run to decide.")
        var run: String

        @Option(help: "The gate policy (default: the policy stored with the run, that of its last decision).")
        var policy: String?

        @OptionGroup var decision: DecisionOptions

        func run() async throws {
            do {
                let outcome = try await StoredRunCommands.gate(
                    database: db, runID: run, policy: policy, baseline: decision.baselineSelection,
                    outputFolder: decision.out, argoOutputs: decision.argoOutputs, seed: decision.seed,
                    toolVersion: ToolInfo.version)
                try Console.finish(outcome)
            } catch let failure as RunFailure {
                Console.printError("error: \(failure.message)")
                throw failure.exitCode
            }
        }
    }

    /// `clinval report --db PATH --run RUN-ID --out DIR`.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a decided run's summary.json, junit.xml and report.html again from the database alone.",
            discussion: "The files are byte-identical to those the run wrote. Exits 0.")

        @Option(help: "The SQLite database.")
        var db: String = RunConfiguration.defaultDatabase

        @Option(help: "The run.")
        var run: String

        @Option(help: "The output folder.")
        var out: String

        @Option(name: .customLong("argo-outputs"), help: "Write Argo output parameters to this folder too.")
        var argoOutputs: String?

        func run() async throws {
            do {
                _ = try StoredRunCommands.report(database: db, runID: run, outputFolder: out, argoOutputs: argoOutputs)
                Console.print("Wrote the outputs of run \(run) to \(out).")
            } catch let failure as RunFailure {
                Console.printError("error: \(failure.message)")
                throw failure.exitCode
            }
        }
    }
}
