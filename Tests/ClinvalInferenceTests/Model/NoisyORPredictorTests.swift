import ClinvalCasebanks
import ClinvalCore
import ClinvalModels
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalInference

@Suite struct NoisyORPredictorTests {
    static func loadModel(_ path: String) throws -> NoisyORModel {
        var diagnostics = DiagnosticList()
        guard case .noisyOR(let model)? = ModelLoader.load(path, diagnostics: &diagnostics) else {
            throw InvalidInputError(diagnostics)
        }
        return model
    }

    struct Reference: Decodable {
        var id: String
        var triage: String
        var posteriors: [String: Double]
        var unknown_codes: Int
        var differential: [[ReferenceEntry]]
    }

    enum ReferenceEntry: Decodable {
        case code(String)
        case probability(Double)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .code(text)
            } else {
                self = .probability(try container.decode(Double.self))
            }
        }
    }

    @Test func matchesTheExactReferenceOnDDXPlusVignettes() throws {
        let model = try Self.loadModel(PackagePaths.path("models/ddxplus-noisy-or-1.0.0.json"))
        let predictor = try NoisyORPredictor(model: model)
        var diagnostics = DiagnosticList()
        let bank = try #require(
            CasebankLoader.load(PackagePaths.fixture("inference/ddxplus-sample.jsonl"), diagnostics: &diagnostics))
        let referenceText = try String(
            contentsOfFile: PackagePaths.fixture("inference/ddxplus-sample.reference.jsonl"), encoding: .utf8)
        let references = try referenceText.split(separator: "\n").map {
            try JSONDecoder().decode(Reference.self, from: Data($0.utf8))
        }
        #expect(references.count == bank.vignettes.count)
        var worst = 0.0
        for (vignette, reference) in zip(bank.vignettes, references) {
            #expect(vignette.id == reference.id)
            let prediction = try predictor.predict(
                age: vignette.age, sex: vignette.sex, present: vignette.present, absent: vignette.absent)
            for (index, condition) in model.conditions.enumerated() {
                let expected = try #require(reference.posteriors[condition.id])
                worst = max(worst, abs(prediction.marginals[index] - expected))
            }
            #expect(prediction.triage.rawValue == reference.triage, "triage of \(vignette.id)")
            #expect(prediction.unknownCodeCount == reference.unknown_codes)
            let referenceOrder = reference.differential.compactMap { entry -> String? in
                if case .code(let code)? = entry.first { return code }
                return nil
            }
            #expect(prediction.differential.map(\.condition) == referenceOrder, "ranking of \(vignette.id)")
            #expect(prediction.differential.count == model.maxDifferential)
        }
        #expect(worst <= 1e-9, "largest difference from the exact reference: \(worst)")
    }

    // A hand-made model: two emergency-linked findings, one urgent condition, thresholds.
    static let tinyModel = """
        {"format": "clinval-noisy-or", "format_version": 1, "name": "tiny", "version": "1", "vocabulary": "test",
         "findings": [{"id": "F1", "leak": 0.01}, {"id": "F2", "leak": 0.01}, {"id": "F3", "leak": 0.01}],
         "conditions": [
           {"id": "em", "label": "Emergency", "urgency": "emergency", "prior": 0.05, "links": {"F1": 0.9}},
           {"id": "ur", "label": "Urgent", "urgency": "urgent", "prior": 0.05, "links": {"F2": 0.8}},
           {"id": "ro", "label": "Routine", "urgency": "routine", "prior": 0.2, "links": {"F3": 0.5}}
         ],
         "triage": {"thresholds": {"emergency": 0.5, "urgent": 0.5}, "red_flags": [{"all": ["F2", "F3"], "level": "emergency"}]},
         "max_differential": 2}
        """

    private func tinyPredictor() throws -> NoisyORPredictor {
        let folder = TemporaryDirectory()
        let model = try Self.loadModel(folder.write("tiny.json", Self.tinyModel))
        return try NoisyORPredictor(model: model)
    }

    @Test func triageSumsPosteriorsOfConditionsAtLeastAsUrgent() throws {
        let predictor = try tinyPredictor()
        // F1 alone: P(em) is high → emergency by threshold.
        #expect(try predictor.predict(age: 40, sex: .male, present: ["F1"], absent: []).triage == .emergency)
        // F2 alone: P(ur) + P(em) ≥ 0.5 → urgent, not emergency.
        let urgent = try predictor.predict(age: 40, sex: .male, present: ["F2"], absent: [])
        #expect(urgent.triage == .urgent)
        #expect(urgent.marginals[0] + urgent.marginals[1] >= 0.5)
        #expect(urgent.marginals[0] < 0.5)
        // No evidence: routine has no threshold, so nothing is reached → self_care.
        #expect(try predictor.predict(age: 40, sex: .male, present: [], absent: []).triage == .selfCare)
        // F3 alone: routine has no threshold → self_care even though P(ro) is high.
        #expect(try predictor.predict(age: 40, sex: .male, present: ["F3"], absent: []).triage == .selfCare)
    }

    @Test func aRedFlagOverridesTheThresholds() throws {
        let predictor = try tinyPredictor()
        #expect(try predictor.predict(age: 40, sex: .male, present: ["F2", "F3"], absent: []).triage == .emergency)
        #expect(try predictor.predict(age: 40, sex: .male, present: ["F3"], absent: ["F2"]).triage == .selfCare)
    }

    @Test func cutsTheDifferentialAndCountsUnknownCodes() throws {
        let predictor = try tinyPredictor()
        let prediction = try predictor.predict(age: 40, sex: .female, present: ["F1", "ZZ", "F1"], absent: ["YY"])
        #expect(prediction.differential.map(\.condition) == ["em", "ro"])
        #expect(prediction.unknownCodeCount == 2)
        #expect(prediction.marginals.count == 3)
    }

    @Test func noEvidenceGivesThePriors() throws {
        let predictor = try tinyPredictor()
        let prediction = try predictor.predict(age: 40, sex: .female, present: [], absent: [])
        #expect(abs(prediction.marginals[0] - 0.05) < 1e-15)
        #expect(abs(prediction.marginals[1] - 0.05) < 1e-15)
        #expect(abs(prediction.marginals[2] - 0.2) < 1e-15)
    }
}
