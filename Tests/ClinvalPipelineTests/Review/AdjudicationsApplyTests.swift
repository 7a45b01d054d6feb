import ClinvalCasebanks
import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalPipeline

@Suite struct AdjudicationsApplyTests {
    /// A copy of the mini bank in a fresh folder.
    struct Bank {
        let folder = TemporaryDirectory()
        let path: String
        let text: String

        init(_ name: String = "mini.yaml") throws {
            text = try String(contentsOfFile: PackagePaths.fixture("casebanks/" + name), encoding: .utf8)
            path = folder.write(name, text)
        }

        /// A correction of `id` naming its content's digest now.
        func correction(
            _ id: String, _ conclusion: AdjudicationConclusion, diagnosis: String? = nil, alsoCorrect: [String] = [],
            triage: TriageRange? = nil
        ) throws -> Adjudication {
            let key = VignetteKey(casebankID: "mini", vignetteID: id)
            let digest = try #require(try AdjudicationsApply.vignetteDigests(casebankPath: path)[key])
            return Adjudication(
                vignette: key, vignetteDigest: digest, runID: "run-1", conclusion: conclusion, diagnosis: diagnosis,
                alsoCorrect: alsoCorrect, triage: triage, reviewer: "Dr Test", createdAt: PipelineFixture.now)
        }

        var unchanged: Bool { (try? String(contentsOfFile: path, encoding: .utf8)) == text }
    }

    @Test func writesTheNextVersionWithTheCorrectionsAndLeavesTheBankAlone() throws {
        let bank = try Bank()
        let out = bank.folder.file("mini-2026.12.yaml")
        let fixes = [
            try bank.correction("mini-003", .labelError, diagnosis: "bronchitis", triage: TriageRange(.urgent)),
            try bank.correction("mini-002", .acceptableAlternative, alsoCorrect: ["common-cold"]),
            try bank.correction("mini-001", .modelError),
        ]
        let outcome = try AdjudicationsApply.run(casebankPath: bank.path, version: "2026.12", outputPath: out, adjudications: fixes)
        #expect(outcome.correctedVignetteIDs == ["mini-002", "mini-003"])
        #expect(
            AdjudicationsApply.doneLine(outcome)
                == "Wrote mini version 2026.12 to \(out): 2 vignettes corrected (mini-002, mini-003)")
        #expect(bank.unchanged)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(outcome.sha256 == SHA256.hex(of: Array(written.utf8)))
        var diagnostics = DiagnosticList()
        let revised = try #require(CasebankLoader.load(out, diagnostics: &diagnostics))
        #expect(diagnostics.isEmpty)
        #expect(revised.version == "2026.12")
        #expect(revised.vignettes[1].gold.alsoCorrect == ["urti", "common-cold"])
        #expect(revised.vignettes[2].gold.diagnosis == "bronchitis")
        #expect(revised.vignettes[2].gold.triage == TriageRange(.urgent))
        #expect(differingLines(bank.text, written) == [3, 30, 39, 41])
    }

    @Test func writesAJSONLinesBank() throws {
        let bank = try Bank("mini.jsonl")
        let out = bank.folder.file("next.jsonl")
        let fix = try bank.correction("mini-004", .labelError, alsoCorrect: ["peptic-ulcer"])
        let outcome = try AdjudicationsApply.run(casebankPath: bank.path, version: "2", outputPath: out, adjudications: [fix])
        #expect(outcome.correctedVignetteIDs == ["mini-004"])
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(differingLines(bank.text, written) == [1, 6])
    }

    @Test(arguments: ["same", "dotted", "symlink", "hardlink"])
    func refusesToOverwriteTheBank(how: String) throws {
        let bank = try Bank()
        let out: String
        switch how {
        case "same": out = bank.path
        case "dotted": out = bank.folder.path + "/./mini.yaml"
        case "symlink":
            out = bank.folder.file("link.yaml")
            try FileManager.default.createSymbolicLink(atPath: out, withDestinationPath: bank.path)
        default:
            out = bank.folder.file("hard.yaml")
            try FileManager.default.linkItem(atPath: bank.path, toPath: out)
        }
        let fix = try bank.correction("mini-003", .labelError, diagnosis: "bronchitis")
        let error = try #require(throws: InvalidInputError.self) {
            try AdjudicationsApply.run(casebankPath: bank.path, version: "2", outputPath: out, adjudications: [fix])
        }
        #expect(ExitStatus(for: error) == .invalidInput)
        #expect(error.description.contains("the output is the bank itself"))
        #expect(bank.unchanged)
    }

    @Test func refusesAnOutputOfAnotherFormat() throws {
        let bank = try Bank()
        let out = bank.folder.file("next.jsonl")
        let error = try #require(throws: InvalidInputError.self) {
            try AdjudicationsApply.run(casebankPath: bank.path, version: "2", outputPath: out, adjudications: [])
        }
        #expect(error.description == "\(out): error: the output must be a yaml bank like its input: its name ends in .yaml or .yml")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aCorrectionOfChangedContentWritesNothingAndKeepsAnEarlierOutput() throws {
        let bank = try Bank()
        let out = bank.folder.write("next.yaml", "earlier\n")
        var fix = try bank.correction("mini-003", .labelError, diagnosis: "bronchitis")
        fix.vignetteDigest = String(repeating: "a", count: 64)
        let error = try #require(throws: InvalidInputError.self) {
            try AdjudicationsApply.run(casebankPath: bank.path, version: "2", outputPath: out, adjudications: [fix])
        }
        #expect(error.description.contains(#"vignette "mini-003" has changed since it was adjudicated"#))
        #expect(error.description.hasPrefix("\(bank.path):33:1: error: vignettes[2]:"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "earlier\n")
        #expect(bank.unchanged)
    }

    @Test func aCorrectionOfAnotherBankIsInvalidInput() throws {
        let bank = try Bank()
        var fix = try bank.correction("mini-003", .labelError, diagnosis: "bronchitis")
        fix.vignette = VignetteKey(casebankID: "red-flags", vignetteID: "mini-003")
        let out = bank.folder.file("next.yaml")
        let error = try #require(throws: InvalidInputError.self) {
            try AdjudicationsApply.run(casebankPath: bank.path, version: "2", outputPath: out, adjudications: [fix])
        }
        #expect(error.description.contains(#"of bank "red-flags", not of this bank "mini""#))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aMissingBankOrOutputFolderIsInvalidInput() throws {
        let bank = try Bank()
        let missing = try #require(throws: InvalidInputError.self) {
            try AdjudicationsApply.run(
                casebankPath: bank.folder.file("none.yaml"), version: "2", outputPath: bank.folder.file("out.yaml"),
                adjudications: [])
        }
        #expect(missing.description.hasPrefix(bank.folder.file("none.yaml") + ": error:"))
        let folder = bank.folder.file("no/such/folder/out.yaml")
        let unwritable = try #require(throws: InvalidInputError.self) {
            try AdjudicationsApply.run(casebankPath: bank.path, version: "2", outputPath: folder, adjudications: [])
        }
        #expect(unwritable.description.contains("cannot write the new version"))
    }

    @Test func executeNeedsAnExistingDatabase() throws {
        let bank = try Bank()
        let out = bank.folder.file("next.yaml")
        let error = try #require(throws: RunFailure.self) {
            try AdjudicationsApply.execute(
                database: bank.folder.file("none.sqlite"), casebankPath: bank.path, version: "2", outputPath: out)
        }
        #expect(error.kind == .invalidInput)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The 1-based numbers of the lines that differ between two texts of as many lines.
    func differingLines(_ before: String, _ after: String) -> [Int]? {
        let old = before.split(separator: "\n", omittingEmptySubsequences: false)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false)
        guard old.count == new.count else { return nil }
        return zip(old, new).enumerated().compactMap { $1.0 == $1.1 ? nil : $0 + 1 }
    }
}

/// `clinval adjudications apply` from a database a run and its review wrote.
@Suite struct AdjudicationsApplyEndToEndTests {
    @Test func appliesTheStandingAdjudicationsReadFromTheDatabase() async throws {
        let fixture = PipelineFixture()
        try await fixture.run(fixture.request(runID: "r1"), PipelineFixture.goodModel())
        let bank = PipelineFixture.bank
        let digests = try AdjudicationsApply.vignetteDigests(casebankPath: bank)
        func adjudication(
            _ id: String, _ conclusion: AdjudicationConclusion, digest: String? = nil, diagnosis: String? = nil,
            alsoCorrect: [String] = [], triage: TriageRange? = nil, at seconds: TimeInterval
        ) throws -> Adjudication {
            let key = VignetteKey(casebankID: "mini", vignetteID: id)
            return Adjudication(
                vignette: key, vignetteDigest: try digest ?? #require(digests[key]), runID: "r1", conclusion: conclusion,
                diagnosis: diagnosis, alsoCorrect: alsoCorrect, triage: triage, reviewer: "Dr Test",
                createdAt: PipelineFixture.now.addingTimeInterval(seconds))
        }
        let store = try fixture.store()
        // mini-003: an unclear case later found to be mislabelled; the later conclusion stands.
        _ = try store.recordAdjudication(try adjudication("mini-003", .unclear, at: 0))
        _ = try store.recordAdjudication(
            try adjudication("mini-003", .labelError, diagnosis: "bronchitis", triage: TriageRange(.urgent), at: 60))
        // mini-001: a label error later overruled as the model's error; nothing changes.
        _ = try store.recordAdjudication(try adjudication("mini-001", .labelError, diagnosis: "pericarditis", at: 0))
        _ = try store.recordAdjudication(try adjudication("mini-001", .modelError, at: 60))
        // mini-002: adjudicated on other content, which no longer applies.
        _ = try store.recordAdjudication(
            try adjudication("mini-002", .labelError, digest: String(repeating: "b", count: 64), diagnosis: "urti", at: 0))
        // mini-004: the model's answer was acceptable too.
        _ = try store.recordAdjudication(try adjudication("mini-004", .acceptableAlternative, alsoCorrect: ["peptic-ulcer"], at: 0))

        let out = fixture.folder.file("mini-2026.12.yaml")
        let outcome = try AdjudicationsApply.execute(
            database: fixture.database, casebankPath: bank, version: "2026.12", outputPath: out,
            environment: PipelineFixture.environment(PipelineFixture.goodModel()))
        #expect(outcome.correctedVignetteIDs == ["mini-003", "mini-004"])
        var diagnostics = DiagnosticList()
        let revised = try #require(CasebankLoader.load(out, diagnostics: &diagnostics))
        #expect(diagnostics.isEmpty)
        var original = DiagnosticList()
        let before = try #require(CasebankLoader.load(bank, diagnostics: &original))
        #expect(revised.vignettes[0].gold == before.vignettes[0].gold)
        #expect(revised.vignettes[1].gold == before.vignettes[1].gold)
        #expect(revised.vignettes[2].gold.diagnosis == "bronchitis")
        #expect(revised.vignettes[2].gold.triage == TriageRange(.urgent))
        #expect(revised.vignettes[3].gold.alsoCorrect == ["peptic-ulcer"])
        // Applying again to the new version finds no standing correction: its content changed.
        let again = try AdjudicationsApply.execute(
            database: fixture.database, casebankPath: out, version: "2026.13", outputPath: fixture.folder.file("again.yaml"),
            environment: PipelineFixture.environment(PipelineFixture.goodModel()))
        #expect(again.correctedVignetteIDs == [])
    }
}
