import ArgumentParser
import ClinvalPipeline

extension SynthesisSampling: ExpressibleByArgument {}

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
        var sampling: SynthesisSampling = .balanced

        @Option(name: .customLong("casebank-id"), help: "The bank id (default: <model name>-synthetic).")
        var casebankID: String?

        @Option(name: .customLong("bank-version"), help: "The bank version (default: seed-<seed>).")
        var bankVersion: String?

        func validate() throws {
            if let problem = BankSynthesis.usageProblem(count: count, outputPath: out, casebankID: casebankID) {
                throw ValidationError(problem)
            }
        }

        func run() async throws {
            try BankSynthesis.run(
                modelPath: model, outputPath: out, count: count, seed: seed, sampling: sampling,
                casebankID: casebankID, version: bankVersion)
            Console.printError(BankSynthesis.doneLine(count: count, outputPath: out))
        }
    }
}
