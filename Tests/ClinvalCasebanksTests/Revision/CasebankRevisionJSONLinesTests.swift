import ClinvalCasebanks
import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@Suite struct CasebankRevisionJSONLinesTests {
    static let bank = """
        {"casebank": "test", "version": "1", "vocabulary": "ddxplus", "source": "Written for a test"}

        {"id": "v-001", "summary": "A test vignette \\u00e9", "age": 40, "sex": "female", "present": ["E_201"], "gold": {"diagnosis": "pneumonia", "triage": "urgent"}}
        {"id": "v-002", "age": 30, "sex": "male", "present": [], "gold": {"diagnosis": "asthma", "also_correct": ["copd"], "triage": ["routine", "urgent"]}, "summary": "Another"}

        """

    @Test func rewritesTheHeaderVersionAndTheCorrectedLinesOnly() throws {
        let fixes = [
            try correction(of: "v-001", in: Self.bank, file: "bank.jsonl", .acceptableAlternative, alsoCorrect: ["bronchitis"]),
            try correction(of: "v-002", in: Self.bank, file: "bank.jsonl", .labelError, diagnosis: "copd", alsoCorrect: ["asthma"], triage: TriageRange(.urgent)),
        ]
        let text = try revised(Self.bank, file: "bank.jsonl", fixes, version: "2026.12")
        #expect(
            text == """
                {"casebank": "test", "version": "2026.12", "vocabulary": "ddxplus", "source": "Written for a test"}

                {"id": "v-001", "summary": "A test vignette \\u00e9", "age": 40, "sex": "female", "present": ["E_201"], "gold": {"diagnosis": "pneumonia", "also_correct": ["bronchitis"], "triage": "urgent"}}
                {"id": "v-002", "age": 30, "sex": "male", "present": [], "gold": {"diagnosis": "copd", "also_correct": ["asthma"], "triage": "urgent"}, "summary": "Another"}

                """)
    }

    @Test func writesARangeAsAListAndLeavesOtherLinesByteIdentical() throws {
        let fix = try correction(of: "v-001", in: Self.bank, file: "bank.jsonl", .labelError, triage: TriageRange(lower: .routine, upper: .emergency))
        let text = try revised(Self.bank, file: "bank.jsonl", [fix])
        #expect(differingLines(Self.bank, text) == [1, 3])
        #expect(text.contains(#""gold": {"diagnosis": "pneumonia", "triage": ["routine", "emergency"]}}"#))
    }

    @Test func shippedJSONLinesBankChangesOnlyTheExpectedLines() throws {
        let path = PackagePaths.root + "/casebanks/ddxplus-core.jsonl"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let file = "casebanks/ddxplus-core.jsonl"
        let fixes = [
            try correction(of: "syn-000001", in: original, file: file, .labelError, diagnosis: "pneumonia", triage: TriageRange(lower: .urgent, upper: .emergency)),
            try correction(of: "syn-000003", in: original, file: file, .acceptableAlternative, alsoCorrect: ["viral-pharyngitis", "urti"]),
        ]
        let revision = try CasebankRevision.make(
            from: Array(original.utf8), file: file, corrections: fixes, version: "2026.12")
        let text = String(decoding: revision.bytes, as: UTF8.self)
        #expect(differingLines(original, text) == [1, 2, 4])
        let old = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(new[0] == old[0].replacingOccurrences(of: #""version":"2026.11""#, with: #""version":"2026.12""#))
        #expect(
            new[1]
                == old[1].replacingOccurrences(
                    of: #""gold":{"diagnosis":"acute-copd-exacerbation-infection","triage":"urgent"}"#,
                    with: #""gold":{"diagnosis":"pneumonia","triage":["urgent","emergency"]}"#))
        #expect(
            new[3]
                == old[3].replacingOccurrences(
                    of: #""gold":{"diagnosis":"acute-laryngitis","triage":"routine"}"#,
                    with: #""gold":{"diagnosis":"acute-laryngitis","also_correct":["viral-pharyngitis","urti"],"triage":"routine"}"#))
        #expect(revision.bank.version == "2026.12")
        #expect(revision.bank.vignettes.count == 980)
    }
}
