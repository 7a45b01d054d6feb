import ArgumentParser
import ClinvalInference
import ClinvalCore
import ClinvalPipeline

extension PrimaryConditionSampling: ExpressibleByArgument {}

extension Clinval {
    /// `clinval synthesize`: samples vignettes from a noisy-OR model.
    struct Synthesize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sample vignettes from a noisy-OR model into a JSON Lines bank (for scale tests).",
            discussion: """
                Deterministic: the same model, count, seed and options give the same bytes on every \
                machine. The vignettes are synthetic and test a model against itself: they measure \
                speed and plumbing, not clinical validity.
                """
        )

        @Option(help: "The noisy-OR model file (.json) to sample from.")
        var model: String

        @Option(help: "How many vignettes to write.")
        var count: Int

        @Option(help: "The random seed.")
        var seed: UInt64

        @Option(help: "The bank file to write (.jsonl).")
        var out: String

        @Option(help: "How to pick each vignette's condition: balanced (every condition in turn), uniform or prior.")
        var sampling: PrimaryConditionSampling = .balanced

        @Option(name: .customLong("casebank-id"), help: "The bank id (default: <model name>-synthetic).")
        var casebankID: String?

        @Option(name: .customLong("bank-version"), help: "The bank version (default: seed-<seed>).")
        var bankVersion: String?

        func validate() throws {
            guard count >= 1 else { throw ValidationError("Please give a --count of at least 1.") }
            guard out.hasSuffix(".jsonl") else { throw ValidationError("The --out file must end in .jsonl.") }
            if let casebankID, !Identifiers.isSlug(casebankID) {
                throw ValidationError("--casebank-id must be lowercase letters, digits and '-', starting with a letter or digit.")
            }
        }

        func run() async throws {
            try BankSynthesis.run(
                modelPath: model, outputPath: out, count: count, seed: seed, sampling: sampling,
                casebankID: casebankID, version: bankVersion)
            Console.printError("wrote \(count) vignettes to \(out)")
        }
    }
}
