import ClinvalCore
import ClinvalInference
import ClinvalModels
import Foundation

/// The built-in noisy-OR model (docs/model-format.md), evaluated in process by the exact engine.
///
/// Each ``evaluate(_:)`` call computes on the calling task's thread: the work is pure
/// computation (no waiting), so it belongs on Swift's cooperative pool, which has one thread per
/// core; concurrent calls (one per runner job) use the cores in parallel with no shared mutable
/// state. Handing the work to a Dispatch queue instead was measured to leave cores idle, as the
/// two thread pools contend.
public final class NoisyORModelAdapter: ModelAdapter {
    private let predictor: NoisyORPredictor

    /// Builds the model's network.
    ///
    /// - Throws: `InferenceError` if the model's numbers do not make a network.
    public init(model: NoisyORModel, options: EngineOptions = EngineOptions()) throws {
        predictor = try NoisyORPredictor(model: model, options: options)
    }

    /// Nothing to start: the network was built by the initialiser.
    public func start() async throws {}

    /// Answers each request with the exact posterior (or the marked approximation), the ranked,
    /// cut differential and the triage rule's level.
    public func evaluate(_ requests: [ModelRequest]) async throws -> [ModelAnswer] {
        try Task.checkCancellation()
        return requests.map { Self.answer($0, predictor: predictor) }
    }

    /// Nothing to stop.
    public func shutdown() async {}

    static func answer(_ request: ModelRequest, predictor: NoisyORPredictor) -> ModelAnswer {
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let prediction: NoisyORPrediction
        do {
            prediction = try predictor.predict(
                age: request.age, sex: request.sex, present: request.present, absent: request.absent)
        } catch {
            return .error("the built-in model rejected the evidence: \(error)", latencyMs: elapsedMs(since: start))
        }
        var approximation: Approximation?
        if case .approximate(let samples, _) = prediction.method {
            approximation = Approximation(method: prediction.method.id, errorBound: prediction.errorBound, samples: samples)
        }
        return ModelAnswer(
            status: .ok, differential: prediction.differential, triage: prediction.triage,
            latencyMs: elapsedMs(since: start), approximate: approximation,
            unknownCodeCount: prediction.unknownCodeCount)
    }

    private static func elapsedMs(since start: timespec) -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec - start.tv_sec) * 1000 + Double(now.tv_nsec - start.tv_nsec) / 1e6
    }
}
