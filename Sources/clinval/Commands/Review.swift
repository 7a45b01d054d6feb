import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval adjudicate --db PATH --run RUN-ID --vignette BANK/ID --conclusion C --reviewer NAME …`.
    struct Adjudicate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a clinician's conclusion on one vignette's result.",
            discussion: """
                Conclusions: model_error (the labels stand), label_error (give the corrected --diagnosis, \
                --also-correct or --triage), acceptable_alternative (the model's first code, or the \
                --also-correct codes, join the accepted codes), unclear. Score with them with \
                'clinval gate --labels adjudicated'. Exits 0 when recorded, 2 for invalid input.
                """)

        @Option(help: "The SQLite database.")
        var db: String = RunRequest.defaultDatabase
        @Option(help: "The run whose result was reviewed.")
        var run: String
        @Option(help: "The vignette, as BANK/ID.")
        var vignette: String
        @Option(help: "model_error, label_error, acceptable_alternative or unclear.")
        var conclusion: String
        @Option(help: "The reviewer's name, as it should appear in the record.")
        var reviewer: String
        @Option(help: "The corrected diagnosis (label_error).")
        var diagnosis: String?
        @Option(name: .customLong("also-correct"), help: "A code that also counts as correct (repeatable).")
        var alsoCorrect: [String] = []
        @Option(help: "The corrected triage: a level, or LO..HI (label_error).")
        var triage: String?
        @Option(help: "Why, in the reviewer's words.")
        var comment: String?

        func run() async throws {
            let recorded = try AdjudicateCommand.record(
                AdjudicateCommand.Request(
                    database: db, runID: run, vignette: vignette, conclusion: conclusion, reviewer: reviewer,
                    diagnosis: diagnosis, alsoCorrect: alsoCorrect, triage: triage, comment: comment))
            Console.print(recorded.line)
        }
    }

    /// `clinval waive --db PATH --run RUN-ID --criterion ID --approver NAME --role ROLE --reason TEXT --expires DAY`.
    struct Waive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a time-boxed waiver of a failed blocking criterion, then decide the run again.",
            discussion: """
                The waiver holds for this model on these banks under this policy until the end (UTC) of \
                --expires, while the criterion's result is no worse than now. Exits 0 when recorded \
                (whatever the new verdict), 2 for invalid input.
                """)

        @Option(help: "The SQLite database.")
        var db: String = RunRequest.defaultDatabase
        @Option(help: "The run whose failed criterion is waived.")
        var run: String
        @Option(help: "The criterion's id.")
        var criterion: String
        @Option(help: "Who accepts the risk.")
        var approver: String
        @Option(help: "Their role, such as clinical-safety-officer.")
        var role: String
        @Option(help: "Why the risk is acceptable until then.")
        var reason: String
        @Option(help: "The last day the waiver holds, YYYY-MM-DD (UTC).")
        var expires: String
        @Option(help: "The hazard log's reference for the risk.")
        var hazard: String?
        @Option(help: "The output folder (default: reports/<run-id>/).")
        var out: String?

        func run() async throws {
            let (waiver, outcome) = try await ReviewCommands.waive(
                ReviewCommands.WaiverRequest(
                    database: db, runID: run, criterion: criterion, approver: approver, role: role, reason: reason,
                    expires: expires, hazard: hazard, outputFolder: out),
                toolVersion: ToolInfo.version)
            Console.print("Recorded waiver \(waiver.id.map(String.init) ?? "?") of criterion \(waiver.criterionID) until \(waiver.expiresOn).")
            Console.print(outcome.summaryLine)
        }
    }

    /// `clinval sign --db PATH --run RUN-ID --name NAME --role ROLE --meaning reviewed|approved`.
    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an electronic signature on the run's current decision, then decide the run again.",
            discussion: """
                A signature signs the decision's digest; when the decision changes, it is superseded. \
                Exits 0 when recorded (whatever the new verdict), 2 for invalid input.
                """)

        @Option(help: "The SQLite database.")
        var db: String = RunRequest.defaultDatabase
        @Option(help: "The run to sign.")
        var run: String
        @Option(help: "The signer's printed name.")
        var name: String
        @Option(help: "The signer's role, such as clinical-safety-officer.")
        var role: String
        @Option(help: "reviewed or approved.")
        var meaning: String
        @Option(help: "A comment.")
        var comment: String?
        @Option(help: "The output folder (default: reports/<run-id>/).")
        var out: String?

        func run() async throws {
            let (signature, outcome) = try await ReviewCommands.sign(
                database: db, runID: run, name: name, role: role, meaning: meaning, comment: comment, outputFolder: out,
                toolVersion: ToolInfo.version)
            Console.print("Recorded signature \(signature.id.map(String.init) ?? "?"): \(signature.meaning.rawValue) by \(signature.name) (\(signature.role)).")
            Console.print(outcome.summaryLine)
        }
    }
}
