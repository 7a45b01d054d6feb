import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

@Suite struct LinterTests {
    static let model = PackagePaths.fixture("models/mini-noisy-or.json")

    private func bank(vocabulary: String = "ddxplus", present: String, diagnosis: String, tags: String = "[cardiac]") -> String {
        """
        casebank: lint-test
        version: "1"
        vocabulary: \(vocabulary)
        source: written for a test
        vignettes:
          - id: v1
            summary: a test vignette
            age: 50
            sex: male
            present: \(present)
            gold: {diagnosis: \(diagnosis), triage: emergency}
            tags: \(tags)
        """
    }

    @Test func acceptsABankWhoseCodesTheModelKnows() async {
        let folder = TemporaryDirectory()
        let path = folder.write("bank.yaml", bank(present: "[E_55, E_57]", diagnosis: "possible-nstemi-stemi"))
        let report = await Linter().lint(paths: [path, Self.model])
        #expect(report.diagnostics.all.map(\.description) == [])
        #expect(report.closingLine == "2 files checked: 0 errors, 0 warnings")
    }

    @Test func rejectsABankOfAnotherVocabulary() async {
        let folder = TemporaryDirectory()
        let path = folder.write("bank.yaml", bank(vocabulary: "snomed", present: "[E_55]", diagnosis: "x"))
        let report = await Linter().lint(paths: [path, Self.model])
        #expect(
            report.diagnostics.all.map(\.description) == [
                "\(path): error: vocabulary: bank vocabulary \"snomed\" differs from vocabulary \"ddxplus\" of model mini-noisy-or 1.0.0 (\(Self.model)); their codes cannot be compared"
            ])
        #expect(report.closingLine == "2 files checked: 1 error, 0 warnings")
    }

    @Test func warnsAboutCodesTheModelDoesNotKnowNamingThem() async {
        let folder = TemporaryDirectory()
        let path = folder.write("bank.yaml", bank(present: "[E_55, E_999, E_1000]", diagnosis: "heart-attack"))
        let report = await Linter().lint(paths: [path, Self.model])
        #expect(
            report.diagnostics.all.map(\.description) == [
                "\(path):6: warning: 2 finding codes are not known to model mini-noisy-or 1.0.0 and will be ignored by it: E_1000, E_999",
                "\(path):6: warning: 1 gold condition code is not known to model mini-noisy-or 1.0.0, which can never predict them: heart-attack",
            ])
        #expect(!report.diagnostics.hasErrors)
    }

    @Test func warnsAboutPolicyScopesThatSelectNothing() async {
        let folder = TemporaryDirectory()
        let bankPath = folder.write("bank.yaml", bank(present: "[E_55]", diagnosis: "possible-nstemi-stemi"))
        let policy = folder.write(
            "policy.yaml",
            """
            gate: release
            criteria:
              - id: a
                metric: top3_accuracy
                scope: casebank:lint-tst
                min: 0.5
              - id: b
                metric: top3_accuracy
                scope: tag:cardiak
                min: 0.5
              - id: c
                metric: top3_accuracy
                scope: condition:pneumonia
                min: 0.5
              - id: d
                metric: top3_accuracy
                scope: tag:cardiac
                min: 0.5
            """)
        let report = await Linter().lint(paths: [bankPath, policy])
        #expect(
            report.diagnostics.all.map(\.description) == [
                "\(policy):3: warning: criteria[0].scope: no bank given has id \"lint-tst\"; did you mean \"lint-test\"?",
                "\(policy):7: warning: criteria[1].scope: no vignette in the banks given has tag \"cardiak\"; did you mean \"cardiac\"?",
                "\(policy):11: warning: criteria[2].scope: no vignette in the banks given has gold diagnosis \"pneumonia\"",
            ])
    }

    @Test func countsFilesThatCouldNotBeRead() async {
        let folder = TemporaryDirectory()
        folder.write("a.txt", "x")
        folder.write("b.yaml", "- 1\n")
        let report = await Linter().lint(paths: [folder.file("a.txt"), folder.file("b.yaml")])
        #expect(report.filesChecked == 2)
        #expect(report.closingLine == "2 files checked: 2 errors, 0 warnings")
    }

    @Test func aPathWithNothingToCheckIsAnError() async throws {
        let folder = TemporaryDirectory()
        let empty = folder.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        folder.write("docs/readme.txt", "not an input")
        let report = await Linter().lint(paths: [empty, folder.file("docs")])
        #expect(report.diagnostics.hasErrors)
        #expect(
            report.diagnostics.all.map(\.description) == [
                "\(empty): error: nothing to check: no bank, model or policy files (.yaml, .yml, .json, .jsonl) in this folder; check the path",
                "\(folder.file("docs")): error: nothing to check: no bank, model or policy files (.yaml, .yml, .json, .jsonl) in this folder; check the path",
            ])
        #expect(report.closingLine == "0 files checked: 2 errors, 0 warnings")
    }

    @Test func anEmptyFolderBesideGoodFilesIsStillAnError() async throws {
        let folder = TemporaryDirectory()
        let path = folder.write("bank.yaml", bank(present: "[E_55, E_57]", diagnosis: "possible-nstemi-stemi"))
        let empty = folder.file("typo")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let report = await Linter().lint(paths: [path, Self.model, empty])
        #expect(report.diagnostics.errorCount == 1)
        #expect(report.closingLine == "2 files checked: 1 error, 0 warnings")
    }
}
