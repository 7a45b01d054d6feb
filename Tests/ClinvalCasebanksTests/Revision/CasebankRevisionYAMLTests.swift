import ClinvalCasebanks
import ClinvalCore
import Foundation
import Testing

@Suite struct CasebankRevisionYAMLTests {
    /// A bank with comments, quoted values, flow and block lists, a range, a missing
    /// `also_correct` and an indentless block list.
    static let bank = """
        # A bank for the revision tests.
        casebank: test
        version: "1"   # bumped on every release
        vocabulary: ddxplus
        source: Written for a test
        vignettes:
          # ---- first
          - id: v-001
            summary: A test vignette
            age: 40
            sex: female
            present: [E_201]
            gold:
              diagnosis: pneumonia   # the panel's choice
              also_correct: ["bronchitis", 'urti']  # quoted
              triage: urgent
          - id: v-002
            summary: Another vignette
            age: 30
            sex: male
            present: []
            gold:
              diagnosis: "asthma"
              also_correct:   # block list
                - copd
                # a comment inside
                - bronchitis
              differential: [asthma, copd]
              triage: [routine, urgent]
            tags: [respiratory]
          - id: v-003
            summary: A third vignette
            age: 50
            sex: female
            present: [E_53]
            gold:
              diagnosis: gerd
              triage:
              - self_care
              - routine

        """

    @Test func replacesScalarsInPlaceKeepingCommentsAndQuotingOfOtherValues() throws {
        let fix = try correction(of: "v-001", in: Self.bank, .labelError, diagnosis: "influenza", triage: TriageRange(lower: .urgent, upper: .emergency))
        let text = try revised(Self.bank, [fix])
        let expected = Self.bank
            .replacingOccurrences(of: #"version: "1"   #"#, with: #"version: "2026.12"   #"#)
            .replacingOccurrences(of: "diagnosis: pneumonia   #", with: "diagnosis: influenza   #")
            .replacingOccurrences(of: "      triage: urgent\n", with: "      triage: [urgent, emergency]\n")
        #expect(text == expected)
        #expect(differingLines(Self.bank, text) == [3, 14, 16])
    }

    @Test func replacesAQuotedFlowListInPlace() throws {
        let fix = try correction(of: "v-001", in: Self.bank, .labelError, alsoCorrect: ["viral-pneumonia", "urti"])
        let text = try revised(Self.bank, [fix])
        #expect(text.contains("      also_correct: [viral-pneumonia, urti]  # quoted\n"))
        #expect(differingLines(Self.bank, text) == [3, 15])
    }

    @Test func replacesABlockListByAFlowListOnTheKeyLine() throws {
        let fix = try correction(of: "v-002", in: Self.bank, .acceptableAlternative, alsoCorrect: ["copd", "pneumonia"])
        let text = try revised(Self.bank, [fix])
        let expected = Self.bank
            .replacingOccurrences(of: #"version: "1"   #"#, with: #"version: "2026.12"   #"#)
            .replacingOccurrences(
                of: "      also_correct:   # block list\n        - copd\n        # a comment inside\n        - bronchitis\n",
                with: "      also_correct: [copd, bronchitis, pneumonia]   # block list\n")
        #expect(text == expected)
        #expect(text.contains(#"      diagnosis: "asthma""#))
    }

    @Test func insertsAMissingAlsoCorrectAfterTheDiagnosisAtItsIndentation() throws {
        let fix = try correction(of: "v-003", in: Self.bank, .acceptableAlternative, alsoCorrect: ["reflux-oesophagitis"])
        let text = try revised(Self.bank, [fix])
        let expected = Self.bank
            .replacingOccurrences(of: #"version: "1"   #"#, with: #"version: "2026.12"   #"#)
            .replacingOccurrences(
                of: "      diagnosis: gerd\n", with: "      diagnosis: gerd\n      also_correct: [reflux-oesophagitis]\n")
        #expect(text == expected)
    }

    @Test func replacesAnIndentlessBlockRangeByOneLevel() throws {
        let fix = try correction(of: "v-003", in: Self.bank, .labelError, triage: TriageRange(.urgent))
        let text = try revised(Self.bank, [fix])
        #expect(text.hasSuffix("      diagnosis: gerd\n      triage: urgent\n"))
    }

    @Test func aRangeReplacedByOneLevelAndBackGivesTheOriginalLines() throws {
        let first = try revised(Self.bank, [try correction(of: "v-002", in: Self.bank, .labelError, triage: TriageRange(.urgent))])
        #expect(first.contains("      triage: urgent\n    tags: [respiratory]"))
        #expect(differingLines(Self.bank, first) == [3, 29])
        let back = try correction(
            of: "v-002", in: first, .labelError, triage: TriageRange(lower: .routine, upper: .urgent))
        let second = try revised(first, [back], version: "1")
        #expect(second == Self.bank)
    }

    @Test func correctsSeveralVignettesInOneEdit() throws {
        let fixes = [
            try correction(of: "v-001", in: Self.bank, .labelError, diagnosis: "influenza"),
            try correction(of: "v-002", in: Self.bank, .labelError, alsoCorrect: ["copd"], triage: TriageRange(.emergency)),
            try correction(of: "v-003", in: Self.bank, .acceptableAlternative, alsoCorrect: ["peptic-ulcer"]),
        ]
        let revision = try CasebankRevision.make(
            from: Array(Self.bank.utf8), file: "bank.yaml", corrections: fixes, version: "2026.12")
        #expect(revision.correctedVignetteIDs == ["v-001", "v-002", "v-003"])
        let golds = revision.bank.vignettes.map(\.gold)
        #expect(golds[0] == GoldLabel(diagnosis: "influenza", alsoCorrect: ["bronchitis", "urti"], triage: TriageRange(.urgent)))
        #expect(
            golds[1]
                == GoldLabel(diagnosis: "asthma", alsoCorrect: ["copd"], differential: ["asthma", "copd"], triage: TriageRange(.emergency)))
        #expect(
            golds[2]
                == GoldLabel(diagnosis: "gerd", alsoCorrect: ["peptic-ulcer"], triage: try #require(TriageRange(lower: .selfCare, upper: .routine))))
        let text = String(decoding: revision.bytes, as: UTF8.self)
        #expect(text.contains("      also_correct: [copd]   # block list\n      differential: [asthma, copd]\n      triage: emergency\n"))
        #expect(text.contains("# ---- first\n"))
    }

    @Test func modelErrorAndUnclearChangeOnlyTheVersion() throws {
        let fixes = [
            try correction(of: "v-001", in: Self.bank, .modelError),
            try correction(of: "v-002", in: Self.bank, .unclear, diagnosis: "copd"),
            try correction(of: "v-003", in: Self.bank, .acceptableAlternative, alsoCorrect: ["gerd"]),
        ]
        let revision = try CasebankRevision.make(
            from: Array(Self.bank.utf8), file: "bank.yaml", corrections: fixes, version: "2026.12")
        #expect(revision.correctedVignetteIDs == [])
        let text = String(decoding: revision.bytes, as: UTF8.self)
        #expect(text == Self.bank.replacingOccurrences(of: #"version: "1"   #"#, with: #"version: "2026.12"   #"#))
    }

    @Test func quotesCodesThatWouldNotReadBackAsTextAndEscapesTheVersion() throws {
        let fix = try correction(of: "v-001", in: Self.bank, .labelError, diagnosis: "1e3", alsoCorrect: ["true", "null", "ok-1"])
        let text = try revised(Self.bank, [fix], version: #"2026 "b"\x"#)
        #expect(text.contains(#"version: "2026 \"b\"\\x"   #"#))
        #expect(text.contains(#"      diagnosis: "1e3"   # the panel's choice"#))
        #expect(text.contains(#"      also_correct: ["true", "null", ok-1]  # quoted"#))
    }

    @Test func rewritesAPlainVersionAndAFlowGoldMapping() throws {
        let bank = """
            casebank: test
            version: release one # plain
            vocabulary: ddxplus
            source: Written for a test
            vignettes:
              - {id: v-1, summary: S, age: 3, sex: male, present: [], gold: {diagnosis: otitis, triage: routine}}

            """
        let fix = try correction(of: "v-1", in: bank, .labelError, diagnosis: "otitis-media", alsoCorrect: ["urti"], triage: TriageRange(.urgent))
        let text = try revised(bank, [fix])
        #expect(
            text == """
                casebank: test
                version: "2026.12" # plain
                vocabulary: ddxplus
                source: Written for a test
                vignettes:
                  - {id: v-1, summary: S, age: 3, sex: male, present: [], gold: {diagnosis: otitis-media, also_correct: [urti], triage: urgent}}

                """)
    }

    @Test func aCommentAfterTheGoldKeyIsKept() throws {
        let bank = Self.bank.replacingOccurrences(of: "    gold:\n      diagnosis: gerd", with: "    gold:   # R&D panel!\n      diagnosis: gerd")
        #expect(bank != Self.bank)
        let fix = try correction(of: "v-003", in: bank, .labelError, diagnosis: "peptic-ulcer")
        let text = try revised(bank, [fix])
        #expect(text.contains("    gold:   # R&D panel!\n      diagnosis: peptic-ulcer\n"))
    }

    @Test func keepsWindowsLineBreaks() throws {
        let bank = Self.bank.replacingOccurrences(of: "\n", with: "\r\n")
        let fix = try correction(of: "v-003", in: bank, .labelError, alsoCorrect: ["peptic-ulcer"], triage: TriageRange(.urgent))
        let text = try revised(bank, [fix])
        #expect(text.hasSuffix("      diagnosis: gerd\r\n      also_correct: [peptic-ulcer]\r\n      triage: urgent\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}

extension CasebankRevisionYAMLTests {
    @Test func findsValuesAfterTextHoldingUnicodeLineSeparators() throws {
        let bank = Self.bank.replacingOccurrences(
            of: "summary: A test vignette", with: "summary: \"A test\u{2028}vignette é\u{85}ok\"")
        let fix = try correction(of: "v-002", in: bank, .labelError, diagnosis: "copd")
        let text = try revised(bank, [fix])
        #expect(text == bank.replacingOccurrences(of: #"version: "1"   #"#, with: #"version: "2026.12"   #"#)
            .replacingOccurrences(of: #"diagnosis: "asthma""#, with: "diagnosis: copd"))
    }

    @Test func aVersionWrittenAsABlockScalarIsNotRewritten() throws {
        let bank = Self.bank.replacingOccurrences(of: #"version: "1"   # bumped on every release"#, with: "version: >-\n  1")
        let error = try #require(revisionError { _ = try revised(bank, []) })
        #expect(error.kind == .unsupportedLayout)
        #expect(error.description.hasPrefix("bank.yaml:3:10: error: version: the version is written in a way"))
    }
}
