import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval runs --db PATH`: a table of runs.
    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the runs in a database: id, time, model, banks, verdict.")

        @Option(help: "The SQLite database.")
        var db: String = RunRequest.defaultDatabase

        func run() async throws {
            try RunListing.lines(database: db).forEach(Console.print)
        }
    }
}
