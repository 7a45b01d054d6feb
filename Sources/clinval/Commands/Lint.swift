import ArgumentParser
import ClinvalPipeline

extension Clinval {
    /// `clinval lint PATH…`: checks banks, models and policies without running a model.
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check banks, models and policies without running a model.",
            discussion: """
                Reads every file named, and every .yaml, .yml, .json and .jsonl file under every \
                folder named, tells what each one is (bank, model, model manifest or gate policy), \
                and reports every problem compiler style (file:line:column: severity: field: \
                message). When banks and a model are given together, the banks' codes are checked \
                against the model's vocabulary. A path with nothing to check (an empty folder, or a \
                folder with no bank, model or policy in it) is an error, so that a mistyped path \
                cannot pass. Exits 0 when there are no errors, 2 otherwise.
                """
        )

        @Argument(help: "Files or folders to check.")
        var paths: [String]

        @Flag(name: .shortAndLong, help: "Also list each file checked, with its kind and identity.")
        var verbose = false

        func run() async throws {
            let report = await Linter().lint(paths: paths)
            report.lines(verbose: verbose).forEach(Console.print)
            try report.exitStatus.throwIfFailure()
        }
    }
}
