import ClinvalCore
import ClinvalInference
import ClinvalModels
import Foundation

/// The engine workload shared by the benchmarks and `engine-report`: the shipped DDXPlus
/// noisy-OR model and vignettes synthesized from it with a fixed seed.
public struct EngineWorkload: Sendable {
    /// The shipped model file, relative to the repository root.
    public static let modelPath = "models/ddxplus-noisy-or-1.0.0.json"
    /// The synthesis seed.
    public static let seed: UInt64 = 7

    /// The predictor (model → network → engine).
    public let predictor: NoisyORPredictor
    /// The engine.
    public var engine: NoisyOREngine { predictor.engine }

    /// Loads the shipped model.
    public init() {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var diagnostics = DiagnosticList()
        let path = root.appendingPathComponent(Self.modelPath).path
        guard case .noisyOR(let model) = ModelLoader.load(path, diagnostics: &diagnostics) else {
            preconditionFailure("cannot load \(path): \(diagnostics)")
        }
        do {
            predictor = try NoisyORPredictor(model: model)
        } catch {
            preconditionFailure("cannot build the network: \(error)")
        }
    }

    /// `count` vignettes synthesized from the model (balanced primary conditions, seed `seed`),
    /// as engine evidence.
    public func vignettes(count: Int, seed: UInt64 = EngineWorkload.seed) -> [Evidence] {
        let synthesizer = VignetteSynthesizer(
            model: predictor.model,
            options: SynthesisOptions(count: count, seed: seed, casebankID: "benchmark"))
        var result: [Evidence] = []
        result.reserveCapacity(count)
        synthesizer.forEachVignette { vignette in
            result.append(
                predictor.evidence(age: vignette.age, sex: vignette.sex, present: vignette.present, absent: vignette.absent)
                    .evidence)
        }
        return result
    }

    /// The number of shared positive findings of each evidence.
    public func sharedPositives(_ evidence: Evidence) -> Int {
        (try? engine.sharedPositiveCount(evidence)) ?? 0
    }

    /// `count` vignettes with exactly `shared` shared positive findings.
    ///
    /// Synthesized vignettes are taken as they are when they have exactly `shared`; otherwise
    /// (for the larger counts, which single-condition vignettes rarely reach) the present findings
    /// of consecutive synthesized vignettes are merged — a patient with several conditions — and
    /// findings are dropped from the end of the merged list until exactly `shared` remain shared.
    public func vignettes(withSharedPositives shared: Int, count: Int) -> [Evidence] {
        var result: [Evidence] = []
        var pool = vignettes(count: 4 * count + 400, seed: Self.seed &+ UInt64(shared))
        for evidence in pool where sharedPositives(evidence) == shared && result.count < count {
            result.append(evidence)
        }
        var index = 0
        while result.count < count && index < pool.count {
            var merged = pool[index]
            var next = index + 1
            while sharedPositives(merged) < shared && next < pool.count && next < index + 12 {
                let extra = pool[next].present.filter { !merged.present.contains($0) && !merged.absent.contains($0) }
                merged.present += extra
                next += 1
            }
            while sharedPositives(merged) > shared, !merged.present.isEmpty { merged.present.removeLast() }
            if sharedPositives(merged) == shared { result.append(merged) }
            index = next
        }
        pool = []
        return result
    }
}
