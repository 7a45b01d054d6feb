import ClinvalCore
import ClinvalModels
import Foundation
import Testing
import _ClinvalTestSupport

/// The line and column (in Unicode scalars, 1-based) where `needle` first starts in `text`.
private func position(of needle: String, in text: String) -> String {
    guard let range = text.range(of: needle) else {
        Issue.record("\(needle) not found")
        return "?"
    }
    let before = text[..<range.lowerBound]
    let line = before.filter { $0 == "\n" }.count + 1
    let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
    let column = text[lineStart..<range.lowerBound].unicodeScalars.count + 1
    return "\(line):\(column)"
}

@Suite("NoisyORParser: invisible characters")
struct NoisyORParserInvisibleCharacterTests {
    @Test func theFormatNameAndVocabularyWithInvisibleCharactersAreErrors() {
        let text = ModelTexts.edit(
            ModelTexts.network, (#""format": "clinval-noisy-or""#, #""format": "\ufeffclinval-noisy-or""#),
            (#""vocabulary": "ddxplus""#, #""vocabulary": "ddx\u200bplus""#))
        let parsed = parseNetwork(text)
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                #"model.json:\#(position(of: #""\ufeffclinval"#, in: text)): error: format: invisible character U+FEFF in "\u{feff}clinval-noisy-or"; did you mean "clinval-noisy-or"?"#
            ], "a file whose format is not read is not read further")
        let vocabulary = parseNetwork(
            ModelTexts.edit(ModelTexts.network, (#""vocabulary": "ddxplus""#, #""vocabulary": "ddx\u200bplus""#)))
        #expect(
            vocabulary.diagnostics == [
                #"model.json:6:17: error: vocabulary: invisible character U+200B in "ddx\u{200b}plus"; did you mean "ddxplus"?"#
            ])
    }

    @Test func idsCodesAndLevelsWithInvisibleCharactersAreErrorsAtTheirPlace() {
        let text = ModelTexts.edit(
            ModelTexts.network,
            (#"{"id": "E_55", "leak": 0.01}"#, #"{"id": "\u200dE_55", "leak": 0.01}, {"id": "E_66"}"#),
            (#""urgency": "urgent""#, #""urgency": "urgent\u200c""#),
            (#""links": {"E_91": 0.8}"#, #""links": {"E_91": 0.8, "\ufeffE_66": 0.1}"#),
            (#""urgent": 0.15"#, #""\u2067urgent": 0.15"#))
        let parsed = parseNetwork(text)
        #expect(parsed.value == nil)
        let errors = parsed.diagnostics.filter { $0.contains(": error: ") }
        #expect(
            errors == [
                #"model.json:\#(position(of: #""\u200dE_55""#, in: text)): error: findings[0].id: invisible character U+200D in "\u{200d}E_55"; did you mean "E_55"?"#,
                #"model.json:\#(position(of: #""urgent\u200c""#, in: text)): error: conditions[0].urgency: invisible character U+200C in "urgent\u{200c}"; did you mean "urgent"?"#,
                #"model.json:\#(position(of: #""\ufeffE_66""#, in: text)): error: conditions[0].links["\u{feff}E_66"]: invisible character U+FEFF in key "\u{feff}E_66"; did you mean "E_66"?"#,
                // E_55 was not declared, since its id was refused.
                #"model.json:\#(position(of: #""E_55": 0.9"#, in: text)): error: conditions[1].links.E_55: unknown finding "E_55"; it is not declared in findings"#,
                #"model.json:\#(position(of: #""\u2067urgent""#, in: text)): error: triage.thresholds["\u{2067}urgent"]: invisible character U+2067 in key "\u{2067}urgent"; did you mean "urgent"?"#,
            ])
    }

    @Test func aRedFlagFindingWithAnInvisibleCharacterIsAnError() {
        let text = ModelTexts.edit(
            ModelTexts.network,
            (#""thresholds": {"emergency": 0.05, "urgent": 0.15}"#,
             #""thresholds": {"emergency": 0.05, "urgent": 0.15}, "red_flags": [{"all": ["E_55", "E_91\u2060"], "level": "\ufeffemergency"}]"#))
        let parsed = parseNetwork(text)
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                #"model.json:\#(position(of: #""\ufeffemergency""#, in: text)): error: triage.red_flags[0].level: invisible character U+FEFF in "\u{feff}emergency"; did you mean "emergency"?"#,
                #"model.json:\#(position(of: #""E_91\u2060""#, in: text)): error: triage.red_flags[0].all[1]: invisible character U+2060 in "E_91\u{2060}"; did you mean "E_91"?"#,
            ])
    }

    @Test func labelsAndDescriptionsKeepTheirInvisibleCharacters() throws {
        let parsed = parseNetwork(
            ModelTexts.edit(ModelTexts.network, (#""label": "Pneumonia""#, #""label": "\ufeffPneu\u200bmonia""#)))
        #expect(parsed.diagnostics == [])
        #expect(try #require(parsed.value).conditions[0].label == "\u{FEFF}Pneu\u{200B}monia")
    }
}

@Suite("ManifestParser: invisible characters")
struct ManifestParserInvisibleCharacterTests {
    let folder = TemporaryDirectory()
    var path: String { folder.file("manifest.yaml") }

    @Test(arguments: [#"kind: "\ufeffprocess""#, "kind: \u{FEFF}process"])
    func aKindWithAByteOrderMarkIsAnError(written: String) {
        let parsed = parseManifest(ModelTexts.edit(ModelTexts.process, ("kind: process", written)), file: path)
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                #"\#(path):4:7: error: kind: invisible character U+FEFF in "\u{feff}process"; did you mean "process"?"#
            ])
    }

    @Test func theModelNameAndVocabularyWithInvisibleCharactersAreErrors() {
        let parsed = parseManifest(
            ModelTexts.edit(
                ModelTexts.process, ("model: tiny-checker", "model: tiny\u{200B}-checker"),
                ("vocabulary: ddxplus", #"vocabulary: "ddxplus\u202c""#)), file: path)
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                #"\#(path):1:8: error: model: invisible character U+200B in "tiny\u{200b}-checker"; did you mean "tiny-checker"?"#,
                #"\#(path):3:13: error: vocabulary: invisible character U+202C in "ddxplus\u{202c}"; did you mean "ddxplus"?"#,
            ])
    }

    @Test func headerNamesAndVariablesWithInvisibleCharactersAreErrors() {
        let name = parseManifest(
            ModelTexts.edit(ModelTexts.http, ("Authorization: {env: CHECKER_TOKEN}", #""Author\u200bization": {env: CHECKER_TOKEN}"#)),
            file: path)
        #expect(name.value == nil)
        #expect(
            name.diagnostics == [
                #"\#(path):8:3: error: headers["Author\u{200b}ization"]: invisible character U+200B in key "Author\u{200b}ization"; did you mean "Authorization"?"#
            ])
        let variable = parseManifest(
            ModelTexts.edit(ModelTexts.http, ("{env: CHECKER_TOKEN}", #"{env: "CHECKER_\ufeffTOKEN"}"#)), file: path)
        #expect(variable.value == nil)
        #expect(
            variable.diagnostics == [
                #"\#(path):8:24: error: headers.Authorization.env: invisible character U+FEFF in "CHECKER_\u{feff}TOKEN"; did you mean "CHECKER_TOKEN"?"#
            ])
    }

    @Test func aURLWithAnInvisibleCharacterIsAnError() {
        let parsed = parseManifest(
            ModelTexts.edit(ModelTexts.http, ("url: https://checker", "url: https://\u{200B}checker")), file: path)
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                #"\#(path):5:6: error: url: invisible character U+200B in "https://\u{200b}checker.example.org/v1/diagnose"; did you mean "https://checker.example.org/v1/diagnose"?"#
            ])
    }
}
