import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval report --db PATH --run RUN-ID --out DIR`.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a decided run's summary.json, junit.xml and report.html again from the database alone.",
            discussion: "The files are byte-identical to those the run wrote. Exits 0.")

        @Option(help: "The SQLite database.")
        var db: String = RunRequest.defaultDatabase

        @Option(help: "The run.")
        var run: String

        @Option(help: "The output folder.")
        var out: String

        @Option(name: .customLong("argo-outputs"), help: "Write Argo output parameters to this folder too.")
        var argoOutputs: String?

        @Option(help: "The labels the run's decision must have scored against: 'as-labelled' or 'adjudicated'.")
        var labels: String?

        func validate() throws {
            if let problem = DecisionSettings(labels: labels).usageProblem { throw ValidationError(problem) }
        }

        func run() async throws {
            _ = try StoredRunCommands.report(
                database: db, runID: run, outputFolder: out, argoOutputs: argoOutputs,
                labels: DecisionSettings(labels: labels).labelsMode)
            Console.print(StoredRunCommands.reportLine(runID: run, outputFolder: out))
        }
    }
}
