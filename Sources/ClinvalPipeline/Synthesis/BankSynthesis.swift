import ClinvalCore
import ClinvalInference
import ClinvalModels
import Foundation

/// How `clinval synthesize` picks each vignette's condition (`--sampling`).
public enum SynthesisSampling: String, Sendable, Hashable, CaseIterable {
    /// Conditions in turn, in the model's order: a bank that covers every condition. The default.
    case balanced
    /// Uniformly at random.
    case uniform
    /// In proportion to the conditions' priors.
    case prior

    /// The synthesizer's setting.
    var primaryConditionSampling: PrimaryConditionSampling {
        switch self {
        case .balanced: .balanced
        case .uniform: .uniform
        case .prior: .prior
        }
    }
}

/// `clinval synthesize`: writes a JSON Lines bank sampled from a noisy-OR model.
public enum BankSynthesis {
    /// The first problem with the options of `clinval synthesize`, as a sentence for a usage
    /// error, or `nil` when they are usable.
    public static func usageProblem(count: Int, outputPath: String, casebankID: String?) -> String? {
        guard count >= 1 else { return "Please give a --count of at least 1." }
        guard outputPath.hasSuffix(".jsonl") else { return "The --out file must end in .jsonl." }
        if let casebankID, !Identifiers.isSlug(casebankID) {
            return "--casebank-id must be lowercase letters, digits and '-', starting with a letter or digit."
        }
        return nil
    }

    /// The line `clinval synthesize` prints on standard error once the bank is written.
    public static func doneLine(count: Int, outputPath: String) -> String {
        "wrote \(count) vignettes to \(outputPath)"
    }

    /// Samples `count` vignettes from the model at `modelPath` into `outputPath`.
    ///
    /// The bank id defaults to `<model name>-synthetic` and the version to `seed-<seed>`.
    ///
    /// The file is written to a temporary name beside the target and renamed when complete, so
    /// an interrupted run never leaves a half-written bank.
    ///
    /// - Throws: ``InvalidInputError`` for a model that does not load or is not a noisy-OR file,
    ///   or an output path that cannot be written.
    public static func run(
        modelPath: String, outputPath: String, count: Int, seed: UInt64, sampling: SynthesisSampling = .balanced,
        casebankID: String? = nil, version: String? = nil
    ) throws(InvalidInputError) {
        var diagnostics = DiagnosticList()
        guard let model = ModelLoader.load(modelPath, diagnostics: &diagnostics) else {
            throw InvalidInputError(diagnostics)
        }
        guard case .noisyOR(let network) = model else {
            diagnostics.error(
                "synthesize samples from a noisy-OR model file (.json); this is a \(model.kind.rawValue) manifest",
                at: InputLocation(file: modelPath))
            throw InvalidInputError(diagnostics)
        }
        let options = SynthesisOptions(
            count: count, seed: seed, sampling: sampling.primaryConditionSampling, casebankID: casebankID ?? "\(network.name)-synthetic",
            version: version)
        let synthesizer = VignetteSynthesizer(model: network, options: options)
        let temporary = outputPath + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            diagnostics.error("cannot write the output file; check that its folder exists", at: InputLocation(file: outputPath))
            throw InvalidInputError(diagnostics)
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        do {
            buffer.append(contentsOf: synthesizer.headerLine().utf8)
            buffer.append(0x0A)
            try synthesizer.forEachLine { line in
                buffer.append(contentsOf: line.utf8)
                buffer.append(0x0A)
                if buffer.count >= 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: buffer)
            try handle.close()
            if FileManager.default.fileExists(atPath: outputPath) {
                try FileManager.default.removeItem(atPath: outputPath)
            }
            try FileManager.default.moveItem(atPath: temporary, toPath: outputPath)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            diagnostics.error("cannot write the output file: \(error.localizedDescription)", at: InputLocation(file: outputPath))
            throw InvalidInputError(diagnostics)
        }
    }
}
