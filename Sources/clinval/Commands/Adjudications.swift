import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval adjudications`: what the clinicians' adjudications change outside the database.
    struct Adjudications: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with the clinicians' adjudications.",
            subcommands: [Apply.self])
    }
}

extension Clinval.Adjudications {
    /// `clinval adjudications apply --db PATH --casebank FILE --version V --out FILE`.
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new version of a bank with its label corrections applied.",
            discussion: """
                The corrections are the standing label_error and acceptable_alternative \
                adjudications of the bank's vignettes, as the bank holds them now. Only the version \
                and the corrected gold fields change; the rest of the file is kept byte for byte. \
                The new file is checked before it is written, atomically. Exits 0 when written, 2 \
                for invalid input (nothing is written).
                """)

        @Option(help: "The SQLite database holding the adjudications.")
        var db: String = RunRequest.defaultDatabase

        @Option(help: "The bank file (.yaml, .yml or .jsonl).")
        var casebank: String

        @Option(help: "The new version of the bank.")
        var version: String

        @Option(help: "The file to write the new version to (not the bank itself).")
        var out: String

        func run() async throws {
            let outcome = try AdjudicationsApply.execute(
                database: db, casebankPath: casebank, version: version, outputPath: out)
            Console.print(AdjudicationsApply.doneLine(outcome))
        }
    }
}
