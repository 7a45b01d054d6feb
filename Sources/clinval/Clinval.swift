import ArgumentParser
import ClinvalPipeline
import Foundation
import Logging

/// The `clinval` command: a release gate for symptom-checker models.
///
/// This target only parses arguments, sets up logging and calls `ClinvalPipeline`.
@main
struct Clinval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clinval",
        abstract: "A release gate for symptom-checker models.",
        discussion: """
            Runs a candidate model over clinical vignette banks, scores diagnosis accuracy, triage \
            safety and calibration with confidence intervals, and decides pass or fail against a \
            gate policy.

            Exit codes:
              0  success (for run and gate: the gate passed)
              1  the gate failed (a valid verdict; outputs were written); audit verify: the chain is broken
              2  invalid input or usage: bad bank, model, policy, arguments, vocabulary mismatch
              3  runtime failure: model unreachable, database error, internal error
            """,
        version: ToolInfo.version,
        subcommands: [
            Run.self, Lint.self, Gate.self, Report.self, Merge.self, Runs.self, Adjudicate.self, Waive.self, Sign.self,
            Adjudications.self, Audit.self, Synthesize.self, Users.self, Serve.self,
        ]
    )

    /// Runs the command and turns every outcome into the exit codes of docs/command-line.md
    /// (``ExitStatus``).
    ///
    /// ArgumentParser exits with 64 on a usage error and 1 on any other error; clinval reserves 1
    /// for a failed gate, so a usage error exits with 2, and every other error exits as
    /// ``ExitStatus/init(for:)`` maps it.
    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["CLINVAL_LOG_LEVEL"]
                .flatMap(Logger.Level.init(rawValue:)) ?? .notice
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            switch exitCode(for: error) {
            case .success:
                print(fullMessage(for: error))
                Foundation.exit(ExitStatus.success.rawValue)
            case .validationFailure:
                Console.printError(fullMessage(for: error))
                Foundation.exit(ExitStatus.invalidInput.rawValue)
            default:
                ExitStatus.messages(for: error).forEach(Console.printError)
                Foundation.exit(ExitStatus(for: error).rawValue)
            }
        }
    }
}
