import ClinvalCasebanks
import ClinvalCore
import Testing
import _ClinvalTestSupport

/// Vignette checks. `yamlBank` puts the first vignette on line 6, its fields on lines 6–13:
/// id 6, summary 7, age 8, sex 9, present 10, gold 11, diagnosis 12, triage 13.
@Suite struct VignetteParserTests {
    /// Loads a YAML bank of one vignette edited by `edit`.
    private func loadEdited(_ edit: (String) -> String) -> (path: String, result: LoadResult) {
        loadText(yamlBank(edit(yamlVignette())))
    }

    /// Loads a YAML bank of one vignette with `old` replaced by `new`.
    private func loadReplacing(_ old: String, with new: String) -> (path: String, result: LoadResult) {
        loadEdited { $0.replacingOccurrences(of: old, with: new) }
    }

    // MARK: Fields of the vignette

    @Test func vignetteThatIsNotAMappingIsAnError() {
        let (path, result) = loadText(jsonBank(["42"]), as: "bank.jsonl")
        #expect(result.messages == ["\(path):2:1: error: vignettes[0]: expected a mapping, found a number (42)"])
    }

    @Test func missingRequiredVignetteFieldsAreEachReported() {
        let (path, result) = loadText(yamlBank("  - summary: Nothing else\n"))
        #expect(result.messages == [
            "\(path):6:5: error: vignettes[0].id: missing required field",
            "\(path):6:5: error: vignettes[0].age: missing required field",
            "\(path):6:5: error: vignettes[0].sex: missing required field",
            "\(path):6:5: error: vignettes[0].present: missing required field",
            "\(path):6:5: error: vignettes[0].gold: missing required field",
        ])
    }

    @Test func unknownVignetteFieldWithoutACloseMatchListsTheFields() {
        let (path, result) = loadReplacing("    age: 40\n", with: "    age: 40\n    weight_kg: 80\n")
        #expect(result.messages == [
            "\(path):9:5: error: vignettes[0].weight_kg: unknown field; expected one of id, age, sex, present, gold, summary, absent, must_pass, tags"
        ])
    }

    @Test func everyProblemOfOneVignetteIsReportedInOnePass() {
        let text = yamlBank(
            """
              - id: v-001
                age: "forty"
                sex: other
                present: E_201
                gold:
                  diagnosis: pneumonia
                  triage: soon
                must_pass: yes

            """)
        let (path, result) = loadText(text)
        #expect(result.messages == [
            "\(path):6:5: warning: vignettes[0].summary: no summary; clinicians reading the report will see only the id",
            "\(path):7:10: error: vignettes[0].age: expected a number, found a string",
            #"\#(path):8:10: error: vignettes[0].sex: expected one of male, female, found "other""#,
            "\(path):9:14: error: vignettes[0].present: expected a list, found a string",
            #"\#(path):12:15: error: vignettes[0].gold.triage: expected one of emergency, urgent, routine, self_care, found "soon""#,
            #"\#(path):13:16: error: vignettes[0].must_pass: expected true or false, found a string ("yes"); write true or false"#,
        ])
    }

    @Test func duplicateIDInYAMLNamesTheLineOfTheFirstUse() {
        let (path, result) = loadText(yamlBank(yamlVignette("rf-001") + yamlVignette("rf-002") + yamlVignette("rf-001")))
        #expect(result.messages == [#"\#(path):22:9: error: vignettes[2].id: duplicate vignette id "rf-001" (first at line 6)"#])
    }

    @Test func idThatIsANumberIsATypeError() {
        let (path, result) = loadReplacing("id: v-001", with: "id: 17")
        #expect(result.messages == [
            "\(path):6:9: error: vignettes[0].id: expected a string, found a number (17); put it in quotes if it is meant as text"
        ])
    }

    @Test func emptySummaryIsAWarning() throws {
        let (path, result) = loadReplacing("summary: A test vignette", with: #"summary: """#)
        #expect(result.messages == [
            "\(path):7:14: warning: vignettes[0].summary: empty summary; clinicians reading the report will see only the id"
        ])
        #expect(try #require(result.bank).vignettes.first?.summary == nil)
    }

    @Test func summaryIsNeverQuotedInAMessage() {
        let (path, result) = loadReplacing("summary: A test vignette", with: "summary: [Secret patient text]")
        #expect(result.messages == ["\(path):7:14: error: vignettes[0].summary: expected a string, found a list"])
    }

    @Test func negativeAgeIsOutOfRange() {
        let (path, result) = loadReplacing("age: 40", with: "age: -3")
        #expect(result.messages == ["\(path):8:10: error: vignettes[0].age: expected a whole number from 0 to 120, found -3"])
    }

    @Test func agesZeroAndOneHundredTwentyAreAccepted() {
        #expect(loadReplacing("age: 40", with: "age: 0").result.messages == [])
        #expect(loadReplacing("age: 40", with: "age: 120").result.messages == [])
    }

    @Test func sexThatIsNotTextIsAnError() {
        let (path, result) = loadReplacing("sex: female", with: "sex: 1")
        #expect(result.messages == ["\(path):9:10: error: vignettes[0].sex: expected one of male, female, found a number (1)"])
    }

    // MARK: Codes

    @Test func presentMayBeEmptyAndAbsentMayBeLeftOut() throws {
        let (_, result) = loadReplacing("present: [E_201]", with: "present: []")
        #expect(result.messages == [])
        let vignette = try #require(result.bank?.vignettes.first)
        #expect(vignette.present == [])
        #expect(vignette.absent == [])
    }

    @Test func repeatedCodeInPresentIsAWarningAndIsDropped() throws {
        let (path, result) = loadReplacing("present: [E_201]", with: "present: [E_201, E_77, E_201]")
        #expect(result.messages == [
            #"\#(path):10:28: warning: vignettes[0].present[2]: code "E_201" is listed twice; the repeat is ignored"#
        ])
        #expect(try #require(result.bank).vignettes.first?.present == ["E_201", "E_77"])
    }

    @Test func repeatedCodeInAbsentIsAWarningAndIsDropped() throws {
        let (path, result) = loadReplacing("present: [E_201]\n", with: "present: [E_201]\n    absent: [E_91, E_91]\n")
        #expect(result.messages == [
            #"\#(path):11:20: warning: vignettes[0].absent[1]: code "E_91" is listed twice; the repeat is ignored"#
        ])
        #expect(try #require(result.bank).vignettes.first?.absent == ["E_91"])
    }

    @Test func everyCodeInBothPresentAndAbsentIsNamed() {
        let (path, result) = loadReplacing(
            "present: [E_201]\n", with: "present: [E_201, E_91, E_66]\n    absent: [E_66, E_8, E_91]\n")
        #expect(result.messages == [
            #"\#(path):11:14: error: vignettes[0].absent[0]: code "E_66" is also in present; a finding cannot be both present and absent"#,
            #"\#(path):11:25: error: vignettes[0].absent[2]: code "E_91" is also in present; a finding cannot be both present and absent"#,
        ])
    }

    // MARK: Gold

    @Test func goldThatIsNotAMappingIsAnError() {
        let (path, result) = loadEdited { text in
            text.replacingOccurrences(of: "    gold:\n      diagnosis: pneumonia\n      triage: urgent\n", with: "    gold: pneumonia\n")
        }
        #expect(result.messages == ["\(path):11:11: error: vignettes[0].gold: expected a mapping, found a string"])
    }

    @Test func goldFieldsAreCheckedStrictly() {
        let (path, result) = loadReplacing(
            "      diagnosis: pneumonia\n      triage: urgent\n", with: "      diagnoses: pneumonia\n      also_correct: [bronchitis, \"flu?\"]\n")
        #expect(result.messages == [
            #"\#(path):12:7: error: vignettes[0].gold.diagnoses: unknown field; did you mean "diagnosis"?"#,
            "\(path):12:7: error: vignettes[0].gold.diagnosis: missing required field",
            "\(path):12:7: error: vignettes[0].gold.triage: missing required field",
            #"\#(path):13:34: error: vignettes[0].gold.also_correct[1]: expected a code of letters, digits, '.', '_' and '-', found "flu?""#,
        ])
    }

    @Test func differentialMayRepeatTheDiagnosis() throws {
        let (_, result) = loadReplacing("      triage: urgent\n", with: "      differential: [pneumonia, bronchitis]\n      triage: urgent\n")
        #expect(result.messages == [])
        let gold = try #require(result.bank?.vignettes.first?.gold)
        #expect(gold.differential == ["pneumonia", "bronchitis"])
    }

    @Test func leftOutDifferentialIsNil() throws {
        let (_, result) = loadText(yamlBank(yamlVignette()))
        #expect(try #require(result.bank?.vignettes.first).gold.differential == nil)
    }

    // MARK: Triage

    @Test func triageRangeWithEqualEndsIsAccepted() throws {
        let (_, result) = loadReplacing("triage: urgent", with: "triage: [urgent, urgent]")
        #expect(result.messages == [])
        #expect(try #require(result.bank?.vignettes.first).gold.triage == TriageRange(.urgent))
    }

    @Test func triageRangeOfThreeLevelsIsAnError() {
        let (path, result) = loadReplacing("triage: urgent", with: "triage: [routine, urgent, emergency]")
        #expect(result.messages == [
            "\(path):13:15: error: vignettes[0].gold.triage: expected a range of two levels [lo, hi], found a list of 3"
        ])
    }

    @Test func triageRangeOfOneLevelIsAnError() {
        let (path, result) = loadReplacing("triage: urgent", with: "triage: [urgent]")
        #expect(result.messages == [
            "\(path):13:15: error: vignettes[0].gold.triage: expected a range of two levels [lo, hi], found a list of 1"
        ])
    }

    @Test func unknownLevelInARangeIsReportedAtItsElement() {
        let (path, result) = loadReplacing("triage: urgent", with: "triage: [routine, urgnt]")
        #expect(result.messages == [
            #"\#(path):13:25: error: vignettes[0].gold.triage[1]: expected one of emergency, urgent, routine, self_care, found "urgnt""#
        ])
    }

    @Test func triageThatIsANumberIsAnError() {
        let (path, result) = loadReplacing("triage: urgent", with: "triage: 3")
        #expect(result.messages == [
            "\(path):13:15: error: vignettes[0].gold.triage: expected a triage level (emergency, urgent, routine, self_care) or a range [lo, hi] of two levels, found a number (3)"
        ])
    }

    @Test func triageLevelInARangeThatIsNotTextIsAnError() {
        let (path, result) = loadReplacing("triage: urgent", with: "triage: [routine, 2]")
        #expect(result.messages == [
            "\(path):13:25: error: vignettes[0].gold.triage[1]: expected one of emergency, urgent, routine, self_care, found a number (2)"
        ])
    }

    // MARK: must_pass and tags

    @Test func mustPassDefaultsToFalse() throws {
        let (_, result) = loadText(yamlBank(yamlVignette()))
        #expect(try #require(result.bank?.vignettes.first).mustPass == false)
    }

    @Test func tagsAreLikeVignetteIDs() throws {
        let (_, result) = loadReplacing(
            "present: [E_201]\n", with: "present: [E_201]\n    tags: [self_care, COVID-19, red_flag, v1.2, -x]\n")
        #expect(result.messages == [])
        #expect(try #require(result.bank?.vignettes.first).tags == ["self_care", "COVID-19", "red_flag", "v1.2", "-x"])
    }

    @Test func tagsOutsideTheIDPatternAreErrors() {
        let (path, result) = loadReplacing(
            "present: [E_201]\n", with: "present: [E_201]\n    tags: [cardiac, \"red flag\", covid/19, fièvre]\n")
        #expect(result.messages == [
            #"\#(path):11:21: error: vignettes[0].tags[1]: expected a tag of letters, digits, '.', '_' and '-', found "red flag""#,
            #"\#(path):11:33: error: vignettes[0].tags[2]: expected a tag of letters, digits, '.', '_' and '-', found "covid/19""#,
            #"\#(path):11:43: error: vignettes[0].tags[3]: expected a tag of letters, digits, '.', '_' and '-', found "fièvre""#,
        ])
    }

    @Test func jsonLinesTagsFollowTheSamePattern() throws {
        let line = jsonVignette().replacingOccurrences(
            of: #""present""#, with: #""tags": ["COVID-19", "self_care", "a b"], "present""#)
        let (path, result) = loadText(jsonBank([line]), as: "bank.jsonl")
        #expect(result.messages.count == 1)
        #expect(result.messages.first?.hasPrefix("\(path):2:") == true)
        #expect(
            result.messages.first?.hasSuffix(
                #"error: vignettes[0].tags[2]: expected a tag of letters, digits, '.', '_' and '-', found "a b""#) == true)
    }

    @Test func repeatedTagIsAWarningAndIsDropped() throws {
        let (path, result) = loadReplacing("present: [E_201]\n", with: "present: [E_201]\n    tags: [cardiac, cardiac]\n")
        #expect(result.messages == [
            #"\#(path):11:21: warning: vignettes[0].tags[1]: tag "cardiac" is listed twice; the repeat is ignored"#
        ])
        #expect(try #require(result.bank?.vignettes.first).tags == ["cardiac"])
    }

    // MARK: Invisible characters

    @Test(arguments: [#"sex: "\ufefffemale""#, "sex: \u{FEFF}female", "sex: \"\u{FEFF}female\""])
    func sexWithAByteOrderMarkIsAnErrorNotFemale(written: String) {
        let (path, result) = loadReplacing("sex: female", with: written)
        #expect(result.bank == nil)
        #expect(result.messages == [
            #"\#(path):9:10: error: vignettes[0].sex: invisible character U+FEFF in "\u{feff}female"; did you mean "female"?"#
        ])
    }

    @Test func everyIdCodeLevelAndTagWithAnInvisibleCharacterIsAnErrorAtItsPlace() {
        let text = yamlBank(
            #"""
              - id: "v\u200b-001"
                summary: "\ufeffA test vignette \U0001F468\u200d\U0001F469\u200d\U0001F467"
                age: 40
                sex: "\ufeffmale"
                present: [E_201, "E_55\u200d"]
                absent: ["\u061cE_91"]
                gold:
                  diagnosis: "\u200epneumonia"
                  also_correct: ["\u202abronchitis"]
                  differential: [pneumonia, "flu\u202e"]
                  triage: [routine, "\u2066urgent"]
                tags: [cardiac, "red\u2060flag"]

            """#)
        let (path, result) = loadText(text)
        #expect(result.bank == nil)
        #expect(result.messages == [
            #"\#(path):6:9: error: vignettes[0].id: invisible character U+200B in "v\u{200b}-001"; did you mean "v-001"?"#,
            #"\#(path):9:10: error: vignettes[0].sex: invisible character U+FEFF in "\u{feff}male"; did you mean "male"?"#,
            #"\#(path):10:22: error: vignettes[0].present[1]: invisible character U+200D in "E_55\u{200d}"; did you mean "E_55"?"#,
            #"\#(path):11:14: error: vignettes[0].absent[0]: invisible character U+061C in "\u{61c}E_91"; did you mean "E_91"?"#,
            #"\#(path):13:18: error: vignettes[0].gold.diagnosis: invisible character U+200E in "\u{200e}pneumonia"; did you mean "pneumonia"?"#,
            #"\#(path):14:22: error: vignettes[0].gold.also_correct[0]: invisible character U+202A in "\u{202a}bronchitis"; did you mean "bronchitis"?"#,
            #"\#(path):15:33: error: vignettes[0].gold.differential[1]: invisible character U+202E in "flu\u{202e}"; did you mean "flu"?"#,
            #"\#(path):16:25: error: vignettes[0].gold.triage[1]: invisible character U+2066 in "\u{2066}urgent"; did you mean "urgent"?"#,
            #"\#(path):17:21: error: vignettes[0].tags[1]: invisible character U+2060 in "red\u{2060}flag"; did you mean "redflag"?"#,
        ])
    }

    @Test func anIdThatStaysInvalidWithoutItsInvisibleCharacterGetsNoSuggestion() {
        let (path, result) = loadReplacing("id: v-001", with: "id: v\u{200F}/001")
        #expect(result.messages == [
            #"\#(path):6:9: error: vignettes[0].id: invisible character U+200F in "v\u{200f}/001""#
        ])
    }

    @Test func theBankIdAndVocabularyWithInvisibleCharactersAreErrors() {
        let text = #"""
            casebank: "\ufeffred-flags"
            version: "1"
            vocabulary: "ddx\u200bplus"
            source: Written for a test
            vignettes:

            """# + yamlVignette()
        let (path, result) = loadText(text)
        #expect(result.bank == nil)
        #expect(result.messages == [
            #"\#(path):1:11: error: casebank: invisible character U+FEFF in "\u{feff}red-flags"; did you mean "red-flags"?"#,
            #"\#(path):3:13: error: vocabulary: invisible character U+200B in "ddx\u{200b}plus"; did you mean "ddxplus"?"#,
        ])
    }

    @Test func aKeyWithAByteOrderMarkIsAnErrorNotAMissingField() {
        let (path, result) = loadReplacing("    sex: female", with: #"    "\ufeffsex": female"#)
        #expect(result.messages == [
            #"\#(path):9:5: error: vignettes[0]["\u{feff}sex"]: invisible character U+FEFF in key "\u{feff}sex"; did you mean "sex"?"#
        ])
    }

    @Test func summariesKeepTheirInvisibleCharacters() throws {
        let summary = "\u{FEFF}Family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}, \u{202B}text\u{202C}"
        let (_, yaml) = loadReplacing("summary: A test vignette", with: "summary: \(summary)")
        #expect(yaml.messages == [])
        #expect(try #require(yaml.bank?.vignettes.first).summary == summary)
        let line = jsonVignette().replacingOccurrences(of: "A test vignette", with: #"\ufeffFamily \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67, \u202btext\u202c"#)
        let (_, json) = loadText(jsonBank([line]), as: "bank.jsonl")
        #expect(json.messages == [])
        #expect(try #require(json.bank?.vignettes.first).summary == summary)
    }

    @Test(arguments: [#"\ufeff"#, "\u{FEFF}"])
    func jsonLinesSexWithAByteOrderMarkIsAnError(mark: String) {
        let line = jsonVignette().replacingOccurrences(of: #""sex": "female""#, with: #""sex": "\#(mark)female""#)
        let column = line.unicodeScalars.distance(
            from: line.unicodeScalars.startIndex,
            to: line.range(of: #""\#(mark)female""#)!.lowerBound.samePosition(in: line.unicodeScalars)!) + 1
        let (path, result) = loadText(jsonBank([jsonVignette("v-000"), line]), as: "bank.jsonl")
        #expect(result.bank == nil)
        #expect(result.messages == [
            #"\#(path):3:\#(column): error: vignettes[1].sex: invisible character U+FEFF in "\u{feff}female"; did you mean "female"?"#
        ])
    }

    @Test func jsonLinesHeaderAndCodesWithInvisibleCharactersAreErrors() {
        let header = jsonHeader.replacingOccurrences(of: #""test""#, with: #""te\u200bst""#)
        let line = jsonVignette().replacingOccurrences(of: #"["E_201"]"#, with: #"["E_201\u2069"]"#)
        let (path, result) = loadText(([header, line]).joined(separator: "\n") + "\n", as: "bank.jsonl")
        #expect(result.bank == nil)
        #expect(result.messages.count == 2)
        #expect(result.messages.first?.hasPrefix("\(path):1:") == true)
        #expect(result.messages.first?.hasSuffix(#"error: casebank: invisible character U+200B in "te\u{200b}st"; did you mean "test"?"#) == true)
        #expect(result.messages.last?.hasPrefix("\(path):2:") == true)
        #expect(result.messages.last?.hasSuffix(#"error: vignettes[0].present[0]: invisible character U+2069 in "E_201\u{2069}"; did you mean "E_201"?"#) == true)
    }

    // MARK: JSON Lines paths

    @Test func jsonLinesVignettePathsCountVignettesNotLines() {
        let bad = jsonVignette("v-002").replacingOccurrences(of: #""age": 40"#, with: #""age": 41.5"#)
        let (path, result) = loadText(jsonBank([jsonVignette("v-001"), "", bad]), as: "bank.jsonl")
        #expect(result.messages == ["\(path):4:54: error: vignettes[1].age: expected a whole number, found 41.5"])
    }
}
