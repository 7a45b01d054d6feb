import ClinvalCasebanks
import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@Suite struct CasebankRevisionTests {
    static let bank = CasebankRevisionYAMLTests.bank

    @Test func shippedYAMLBankChangesOnlyTheExpectedLines() throws {
        let path = PackagePaths.root + "/casebanks/red-flags.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let file = "casebanks/red-flags.yaml"
        let fixes = [
            try correction(of: "rf-001", in: original, file: file, .acceptableAlternative, alsoCorrect: ["stable-angina"]),
            try correction(of: "rf-005", in: original, file: file, .labelError, triage: TriageRange(.urgent)),
            try correction(of: "rf-010", in: original, file: file, .acceptableAlternative, alsoCorrect: ["possible-nstemi-stemi"]),
        ]
        let revision = try CasebankRevision.make(
            from: Array(original.utf8), file: file, corrections: fixes, version: "2026.12")
        #expect(revision.correctedVignetteIDs == ["rf-001", "rf-005", "rf-010"])
        let old = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var expected = old
        expected[4] = #"version: "2026.12""#
        let rf001 = try #require(old.firstIndex(of: "  - id: rf-001"))
        let rf001Also = try #require(old[rf001...].firstIndex(of: "      also_correct: [unstable-angina]"))
        expected[rf001Also] = "      also_correct: [unstable-angina, stable-angina]"
        let rf005 = try #require(old.firstIndex(of: "  - id: rf-005"))
        let rf005Triage = try #require(old[rf005...].firstIndex(of: "      triage: [urgent, emergency]"))
        expected[rf005Triage] = "      triage: urgent"
        let rf010 = try #require(old.firstIndex(of: "  - id: rf-010"))
        let rf010Diagnosis = try #require(old[rf010...].firstIndex(of: "      diagnosis: pulmonary-embolism"))
        expected.insert("      also_correct: [possible-nstemi-stemi]", at: rf010Diagnosis + 1)
        let new = String(decoding: revision.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        #expect(new.count == expected.count)
        for (number, (line, wanted)) in zip(new, expected).enumerated() where line != wanted {
            Issue.record("line \(number + 1) differs: \(line)")
        }
    }

    // MARK: Errors

    @Test func aCorrectionForAVignetteTheBankDoesNotHoldIsAnErrorNamingIt() throws {
        var fix = try correction(of: "v-001", in: Self.bank, .labelError, diagnosis: "influenza")
        fix.vignette = VignetteKey(casebankID: "test", vignetteID: "v-404")
        let error = try #require(revisionError { _ = try revised(Self.bank, [fix]) })
        #expect(error.kind == .unknownVignette)
        #expect(error.description == #"bank.yaml: error: a correction is for vignette "v-404", which this bank does not hold"#)
    }

    @Test func aCorrectionForAnotherBankIsAnError() throws {
        var fix = try correction(of: "v-001", in: Self.bank, .labelError, diagnosis: "influenza")
        fix.vignette = VignetteKey(casebankID: "other", vignetteID: "v-001")
        let error = try #require(revisionError { _ = try revised(Self.bank, [fix]) })
        #expect(error.kind == .unknownVignette)
        #expect(error.description.contains(#"vignette "v-001" of bank "other", not of this bank "test""#))
    }

    @Test func aCorrectionOfOtherContentIsAnErrorAtTheVignette() throws {
        var fix = try correction(of: "v-002", in: Self.bank, .labelError, diagnosis: "copd")
        fix.vignetteDigest = String(repeating: "0", count: 64)
        let error = try #require(revisionError { _ = try revised(Self.bank, [fix]) })
        #expect(error.kind == .contentChanged)
        #expect(
            error.description
                == #"bank.yaml:17:1: error: vignettes[1]: vignette "v-002" has changed since it was adjudicated (its content digest differs); its correction does not apply"#)
    }

    @Test func everyProblemIsReportedAndTheFirstGivesTheKind() throws {
        let first = try correction(of: "v-001", in: Self.bank, .labelError, diagnosis: "influenza")
        var stale = try correction(of: "v-003", in: Self.bank, .labelError, diagnosis: "ulcer")
        stale.vignetteDigest = String(repeating: "f", count: 64)
        let error = try #require(revisionError { _ = try revised(Self.bank, [first, first, stale]) })
        #expect(error.kind == .repeatedCorrection)
        #expect(error.diagnostics.errorCount == 2)
        #expect(error.description.contains(#"two corrections are for vignette "v-001""#))
    }

    @Test func aCorrectedValueThatIsNotACodeIsAnError() throws {
        let fix = try correction(of: "v-001", in: Self.bank, .labelError, diagnosis: "not a code")
        let error = try #require(revisionError { _ = try revised(Self.bank, [fix]) })
        #expect(error.kind == .invalidCorrection)
        #expect(error.description.contains(#"names "not a code", which is not a code"#))
    }

    @Test func aBankWithErrorsAndAnEmptyVersionAreErrors() throws {
        let broken = Self.bank.replacingOccurrences(of: "sex: female", with: "sex: femail")
        let invalid = try #require(revisionError { _ = try revised(broken, []) })
        #expect(invalid.kind == .invalidBank)
        #expect(invalid.description.contains("vignettes[0].sex"))
        let empty = try #require(revisionError { _ = try revised(Self.bank, [], version: " ") })
        #expect(empty.kind == .invalidVersion)
    }

    @Test func goldLabelsSharedThroughAnAliasAreNotRewritten() throws {
        let bank = """
            casebank: test
            version: "1"
            vocabulary: ddxplus
            source: Written for a test
            vignettes:
              - id: v-1
                summary: S
                age: 3
                sex: male
                present: []
                gold: &shared
                  diagnosis: otitis
                  triage: routine
              - id: v-2
                summary: S
                age: 4
                sex: male
                present: []
                gold: *shared

            """
        let fix = try correction(of: "v-2", in: bank, .labelError, diagnosis: "otitis-media")
        let error = try #require(revisionError { _ = try revised(bank, [fix]) })
        #expect(error.kind == .unsupportedLayout)
        #expect(error.description.contains("vignettes[1].gold"))
        let anchored = try correction(of: "v-1", in: bank, .labelError, diagnosis: "otitis-media")
        let shared = try #require(revisionError { _ = try revised(bank, [anchored]) })
        #expect(shared.kind == .unsupportedLayout)
        #expect(shared.description.contains("vignettes[0].gold: the gold labels (anchored or tagged)"))
    }

    @Test func theRevisedBankLintsWithoutAnyDiagnostic() throws {
        let fix = try correction(of: "v-002", in: Self.bank, .labelError, alsoCorrect: ["copd", "copd"])
        let revision = try CasebankRevision.make(
            from: Array(Self.bank.utf8), file: "bank.yaml", corrections: [fix], version: "2026.12")
        var diagnostics = DiagnosticList()
        _ = CasebankLoader.load("bank.yaml", bytes: revision.bytes, diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        #expect(String(decoding: revision.bytes, as: UTF8.self).contains("      also_correct: [copd]   # block list\n"))
    }
}
