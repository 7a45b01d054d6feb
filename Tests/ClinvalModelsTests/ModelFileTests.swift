import ClinvalCore
import ClinvalModels
import Foundation
import Testing
import _ClinvalTestSupport

@Suite("ModelFile")
struct ModelFileTests {
    let folder = TemporaryDirectory()

    private func load(_ name: String, _ text: String) throws -> ModelFile {
        var diagnostics = DiagnosticList()
        let model = ModelLoader.load(folder.write(name, text), diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        return try #require(model)
    }

    @Test func kindRawValuesAreTheContractNames() {
        #expect(ModelKind.allCases.map(\.rawValue) == ["noisy-or", "process", "http"])
    }

    @Test func networkExposesItsIdentity() throws {
        let model = try load("model.json", ModelTexts.network)
        #expect(model.name == "tiny")
        #expect(model.version == "1.0.0")
        #expect(model.vocabulary == "ddxplus")
        #expect(model.file == folder.file("model.json"))
        #expect(
            model.identity
                == ModelIdentity(name: "tiny", version: "1.0.0", kind: "noisy-or", sha256: SHA256.hex(of: Array(ModelTexts.network.utf8))))
    }

    @Test func networkKnowsItsVocabulary() throws {
        let model = try load("model.json", ModelTexts.network)
        #expect(model.knownFindings == ["E_55", "E_91"])
        #expect(model.knownConditions == ["pneumonia", "possible-nstemi-stemi"])
    }

    @Test func externalModelExposesItsIdentity() throws {
        let model = try load("checker.yaml", ModelTexts.http)
        #expect(model.name == "tiny-checker")
        #expect(model.kind == .http)
        #expect(model.identity.sha256 == SHA256.hex(of: Array(ModelTexts.http.utf8)))
    }

    @Test func externalModelVocabularyIsUnknown() throws {
        let model = try load("checker.yaml", ModelTexts.process)
        #expect(model.vocabulary == "ddxplus")
        #expect(model.knownFindings == nil)
        #expect(model.knownConditions == nil)
    }
}
