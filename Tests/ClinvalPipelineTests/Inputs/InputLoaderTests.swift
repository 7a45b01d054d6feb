import ClinvalCore
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

@Suite struct InputLoaderTests {
    @Test func explainsAYAMLFileOfUnknownKind() {
        let folder = TemporaryDirectory()
        let unknown = folder.write("u.yaml", "name: something\nitems: [1]\n")
        let list = folder.write("l.yaml", "- a\n- b\n")
        let empty = folder.write("e.yaml", "# nothing\n")
        let broken = folder.write("b.yaml", "a: [1\n")
        #expect(
            InputLoader.undeterminedKind(unknown).description
                == "\(unknown): error: cannot tell what this file is: a bank starts with 'casebank:', a gate policy with 'gate:', a model manifest with 'model:'"
        )
        #expect(
            InputLoader.undeterminedKind(list).description
                == "\(list):1:1: error: expected a mapping at the top of the file (casebank:, gate: or model: …), found a list")
        #expect(InputLoader.undeterminedKind(empty).description == "\(empty):1:1: error: file is empty: expected a YAML mapping")
        #expect(InputLoader.undeterminedKind(broken).description.hasPrefix("\(broken):2:1: error: invalid YAML: "))
    }

    @Test func namesAnInvisibleCharacterInTheFormatKey() async {
        let folder = TemporaryDirectory()
        let bank = folder.write("bank.yaml", "# a bank\n\u{FEFF}casebank: b\nversion: \"1\"\n")
        let policy = folder.write("policy.yaml", "\"gate\u{200B}\": release\n")
        var diagnostics = DiagnosticList()
        let (inputs, _) = InputDiscovery.discover([bank, policy], diagnostics: &diagnostics)
        _ = await InputLoader.load(inputs, diagnostics: &diagnostics)
        #expect(
            diagnostics.all.map(\.description) == [
                #"\#(bank):2:1: error: ["\u{feff}casebank"]: invisible character U+FEFF in key "\u{feff}casebank"; did you mean "casebank"?"#,
                #"\#(policy):1:1: error: ["gate\u{200b}"]: invisible character U+200B in key "gate\u{200b}"; did you mean "gate"?"#,
            ])
    }

    @Test func loadsEachKindAndKeepsOnlyCleanFiles() async {
        var diagnostics = DiagnosticList()
        let inputs = [
            DiscoveredInput(path: PackagePaths.fixture("casebanks/mini.yaml"), kind: .casebank),
            DiscoveredInput(path: PackagePaths.fixture("models/mini-noisy-or.json"), kind: .noisyORModel),
            DiscoveredInput(path: PackagePaths.fixture("malformed/policy-01-unknown-metric.yaml"), kind: .policy),
        ]
        let loaded = await InputLoader.load(inputs, diagnostics: &diagnostics)
        #expect(loaded.casebanks.map(\.id) == ["mini"])
        #expect(loaded.models.map(\.name) == ["mini-noisy-or"])
        #expect(loaded.policies.isEmpty)
        #expect(diagnostics.errorCount == 1)
        #expect(loaded.files.map(\.summary) == ["bank mini 2026.11, 4 vignettes", "model mini-noisy-or 1.0.0 (noisy-or)", "gate policy with errors"])
    }
}
