import ClinvalCore
import ClinvalModels
import Foundation
import Testing
import _ClinvalTestSupport

@Suite("ModelLoader")
struct ModelLoaderTests {
    let folder = TemporaryDirectory()

    private func load(_ path: String) -> (model: ModelFile?, diagnostics: [String]) {
        var diagnostics = DiagnosticList()
        let model = ModelLoader.load(path, diagnostics: &diagnostics)
        return (model, diagnostics.all.map(\.description))
    }

    @Test func loadsJSONAsANoisyORNetwork() {
        let loaded = load(folder.write("model.json", ModelTexts.network))
        #expect(loaded.diagnostics == [])
        #expect(loaded.model?.kind == .noisyOR)
    }

    @Test func loadsYAMLAsAManifest() {
        let loaded = load(folder.write("model.yaml", ModelTexts.process))
        #expect(loaded.diagnostics == [])
        #expect(loaded.model?.kind == .process)
    }

    @Test func loadsYMLAsAManifest() {
        let loaded = load(folder.write("model.yml", ModelTexts.http))
        #expect(loaded.diagnostics == [])
        #expect(loaded.model?.kind == .http)
    }

    @Test func rejectsOtherExtensionsNamingTheAcceptedOnes() {
        let path = folder.write("model.txt", ModelTexts.network)
        let loaded = load(path)
        #expect(loaded.model == nil)
        #expect(
            loaded.diagnostics == [
                #"\#(path): error: not a model file (extension ".txt"); expected .json (a noisy-OR network) or .yaml/.yml (an external model manifest)"#
            ])
    }

    @Test func rejectsAFileWithoutExtension() {
        let path = folder.write("model", ModelTexts.network)
        #expect(
            load(path).diagnostics == [
                "\(path): error: not a model file (no extension); expected .json (a noisy-OR network) or .yaml/.yml (an external model manifest)"
            ])
    }

    @Test func reportsAMissingFile() {
        let path = folder.file("absent.json")
        let loaded = load(path)
        #expect(loaded.model == nil)
        #expect(loaded.diagnostics == ["\(path): error: no such file; check the path"])
    }

    @Test func returnsNothingWhenAnyErrorIsFound() {
        let path = folder.write("model.json", ModelTexts.edit(ModelTexts.network, ("\"prior\": 0.02", "\"prior\": 0")))
        let loaded = load(path)
        #expect(loaded.model == nil)
        #expect(loaded.diagnostics.count == 1)
    }

    @Test func returnsTheModelWhenThereAreOnlyWarnings() {
        let path = folder.write("model.json", ModelTexts.edit(ModelTexts.network, ("\"emergency\": 0.05", "\"emergency\": 2")))
        let loaded = load(path)
        #expect(loaded.model != nil)
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics.first?.contains(": warning: ") == true)
    }

    @Test func keepsThePathAsGiven() {
        let path = folder.write("model.json", ModelTexts.network)
        #expect(load(path).model?.file == path)
    }
}
