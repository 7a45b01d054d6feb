import ClinvalCore
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

@Suite struct InputDiscoveryTests {
    @Test func findsInputFilesInFoldersSortedAndSkipsHiddenOnes() {
        let folder = TemporaryDirectory()
        folder.write("b/bank.yaml", "casebank: b\n")
        folder.write("a/policy.yaml", "# a comment\ngate: release\n")
        folder.write("a/model.json", "{}")
        folder.write("a/bank.jsonl", "{}")
        folder.write("a/notes.txt", "not an input")
        folder.write(".hidden/bank.yaml", "casebank: h\n")
        folder.write("a/.draft.yaml", "casebank: d\n")
        var diagnostics = DiagnosticList()
        let (inputs, examined) = InputDiscovery.discover([folder.path], diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        #expect(examined == 4)
        #expect(
            inputs.map { "\($0.path.dropFirst(folder.path.count + 1)) \($0.kind?.rawValue ?? "unknown")" } == [
                "a/bank.jsonl bank", "a/model.json model", "a/policy.yaml policy", "b/bank.yaml bank",
            ])
    }

    @Test func tellsYAMLKindsByTheirFormatKey() {
        let folder = TemporaryDirectory()
        let manifest = folder.write("m.yml", "---\nversion: 1.0.0\nmodel: checker\nkind: process\n")
        let bank = folder.write("x.yaml", "version: '1'\n\"casebank\": x\n")
        let unknown = folder.write("u.yaml", "name: something\nitems: [1]\n")
        var diagnostics = DiagnosticList()
        let (inputs, examined) = InputDiscovery.discover([manifest, bank, unknown], diagnostics: &diagnostics)
        #expect(inputs.map(\.kind) == [.modelManifest, .casebank, nil])
        #expect(examined == 3)
        #expect(diagnostics.isEmpty)
    }

    @Test func reportsMissingPathsEmptyFoldersAndUnsupportedFiles() {
        let folder = TemporaryDirectory()
        let empty = folder.file("empty")
        folder.write("empty/readme.txt", "nothing here")
        let text = folder.write("notes.txt", "x")
        var diagnostics = DiagnosticList()
        let (inputs, _) = InputDiscovery.discover([folder.file("missing.yaml"), empty, text], diagnostics: &diagnostics)
        #expect(inputs.isEmpty)
        #expect(
            diagnostics.all.map(\.description) == [
                "\(folder.file("missing.yaml")): error: no such file or folder; check the path",
                "\(empty): error: nothing to check: no bank, model or policy files (.yaml, .yml, .json, .jsonl) in this folder; check the path",
                "\(text): error: unsupported file type; clinval reads .yaml, .yml, .json and .jsonl files",
            ])
    }

    @Test func namesAFileGivenTwiceOnce() {
        let folder = TemporaryDirectory()
        let bank = folder.write("bank.yaml", "casebank: a\n")
        var diagnostics = DiagnosticList()
        let (inputs, examined) = InputDiscovery.discover([bank, bank, folder.path], diagnostics: &diagnostics)
        #expect(inputs.count == 1)
        #expect(examined == 1)
    }

    @Test func aFolderNamedLikeAFileWithNothingInItIsAnError() {
        let folder = TemporaryDirectory()
        let named = folder.file("bank.json")
        folder.write("bank.json/.hidden.yaml", "casebank: h\n")
        var diagnostics = DiagnosticList()
        let (inputs, examined) = InputDiscovery.discover([named], diagnostics: &diagnostics)
        #expect(inputs.isEmpty)
        #expect(examined == 0)
        #expect(
            diagnostics.all.map(\.description) == [
                "\(named): error: nothing to check: no bank, model or policy files (.yaml, .yml, .json, .jsonl) in this folder; check the path"
            ])
    }
}
