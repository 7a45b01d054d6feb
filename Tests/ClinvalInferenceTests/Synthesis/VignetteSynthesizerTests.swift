import ClinvalCasebanks
import ClinvalCore
import ClinvalModels
import Testing
import _ClinvalTestSupport

@testable import ClinvalInference

@Suite struct VignetteSynthesizerTests {
    private func lines(seed: UInt64, count: Int = 200, sampling: PrimaryConditionSampling = .balanced) throws -> [String] {
        let model = try NoisyORPredictorTests.loadModel(PackagePaths.path("models/ddxplus-noisy-or-1.0.0.json"))
        let synthesizer = VignetteSynthesizer(
            model: model, options: SynthesisOptions(count: count, seed: seed, sampling: sampling, casebankID: "syn"))
        var lines = [synthesizer.headerLine()]
        synthesizer.forEachLine { lines.append($0) }
        return lines
    }

    @Test func isDeterministicForASeed() throws {
        #expect(try lines(seed: 5) == lines(seed: 5))
        #expect(try lines(seed: 5) != lines(seed: 6))
    }

    @Test func pinsTheFirstVignetteOfASeed() throws {
        // Changing the sampling procedure changes every synthesized bank: this pins it.
        let first = try lines(seed: 20_261_129, count: 1)[1]
        #expect(SHA256.hex(of: Array(first.utf8)) == Self.pinnedFirstLineSHA256, "\(first)")
    }

    static let pinnedFirstLineSHA256 = "a9378fb64df713b2d8bfe00510eafc5400a4ed42b81cf2653e057fbeab3929cb"

    @Test func writesABankThatLoadsCleanAndCoversEveryConditionWhenBalanced() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("syn.jsonl", try lines(seed: 3, count: 98).joined(separator: "\n") + "\n")
        var diagnostics = DiagnosticList()
        let bank = try #require(CasebankLoader.load(path, diagnostics: &diagnostics))
        #expect(diagnostics.isEmpty)
        #expect(bank.vignettes.count == 98)
        let diagnoses = Dictionary(grouping: bank.vignettes, by: \.gold.diagnosis).mapValues(\.count)
        #expect(diagnoses.count == 49)
        #expect(diagnoses.values.allSatisfy { $0 == 2 })
        #expect(bank.vignettes.allSatisfy { !$0.present.isEmpty && Set($0.present).isDisjoint(with: $0.absent) })
        #expect(bank.vignettes.allSatisfy { (0...90).contains($0.age) })
    }

    @Test func respectsAgeFactorsOfZero() throws {
        // Croup has an age factor of 0 above childhood in the shipped model.
        let model = try NoisyORPredictorTests.loadModel(PackagePaths.path("models/ddxplus-noisy-or-1.0.0.json"))
        let croup = try #require(model.conditions.first { $0.id == "croup" })
        let folder = TemporaryDirectory()
        let path = folder.write("syn.jsonl", try lines(seed: 9, count: 49 * 20).joined(separator: "\n") + "\n")
        var diagnostics = DiagnosticList()
        let bank = try #require(CasebankLoader.load(path, diagnostics: &diagnostics))
        for vignette in bank.vignettes where vignette.gold.diagnosis == "croup" {
            #expect(croup.prior(age: vignette.age, sex: vignette.sex) > 0)
        }
    }
}
