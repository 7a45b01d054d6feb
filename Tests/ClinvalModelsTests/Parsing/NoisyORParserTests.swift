import ClinvalCore
import ClinvalModels
import Foundation
import Testing
import _ClinvalTestSupport

@Suite("NoisyORParser: structure")
struct NoisyORParserStructureTests {
    private func miniModel() throws -> NoisyORModel {
        var diagnostics = DiagnosticList()
        let source = try SourceFile.read(PackagePaths.fixture("models/mini-noisy-or.json"), limits: .model)
        let model = NoisyORParser.parse(source, diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty)
        return try #require(model)
    }

    @Test func readsHeaderFields() throws {
        let model = try miniModel()
        #expect(model.name == "mini-noisy-or")
        #expect(model.version == "1.0.0")
        #expect(model.vocabulary == "ddxplus")
        #expect(model.description?.hasPrefix("A five-condition network") == true)
        #expect(model.maxDifferential == 5)
    }

    @Test func keepsFindingsInDeclarationOrderWithIndexes() throws {
        let model = try miniModel()
        #expect(model.findings.map(\.id) == ["E_55", "E_57", "E_50", "E_66", "E_91", "E_201", "E_181"])
        #expect(model.findingIndex["E_91"] == 4)
        #expect(model.findings[0].label == "Pain somewhere")
        #expect(model.findings[0].leak == 0.05)
    }

    @Test func missingLeakIsZero() throws {
        let model = try miniModel()
        #expect(model.findings[6].id == "E_181")
        #expect(model.findings[6].leak == 0)
    }

    @Test func keepsConditionsInDeclarationOrder() throws {
        let model = try miniModel()
        #expect(
            model.conditions.map(\.id) == ["possible-nstemi-stemi", "unstable-angina", "pneumonia", "influenza", "urti"])
        #expect(model.conditionIndex["urti"] == 4)
        let pneumonia = model.conditions[2]
        #expect(pneumonia.label == "Pneumonia")
        #expect(pneumonia.icd10 == "J18")
        #expect(pneumonia.urgency == .urgent)
        #expect(pneumonia.prior == 0.025)
    }

    @Test func linksAreFindingIndexesInIndexOrder() throws {
        let model = try miniModel()
        // "links": {"E_91": 0.85, "E_201": 0.8, "E_66": 0.5, "E_55": 0.3}
        let links = model.conditions[2].links
        #expect(links.map(\.findingIndex) == [0, 3, 4, 5])
        #expect(links.map(\.probability) == [0.3, 0.5, 0.85, 0.8])
    }

    @Test func readsSexAndAgeFactors() throws {
        let model = try miniModel()
        let nstemi = model.conditions[0]
        #expect(nstemi.sexFactor == [.female: 0.7, .male: 1.3])
        #expect(nstemi.ageFactor == [AgeBand(from: 0, to: 29, factor: 0.1), AgeBand(from: 65, to: 120, factor: 2.5)])
        #expect(model.conditions[1].sexFactor.isEmpty)
        #expect(model.conditions[1].ageFactor.isEmpty)
    }

    @Test func readsThresholdsAndRedFlags() throws {
        let model = try miniModel()
        #expect(model.triage.thresholds == [.emergency: 0.05, .urgent: 0.15, .routine: 0.25])
        #expect(model.triage.redFlags == [RedFlag(findingIndexes: [0, 1], level: .emergency)])
    }

    @Test func sha256IsOverTheFileBytes() throws {
        let model = try miniModel()
        let bytes = try #require(FileManager.default.contents(atPath: PackagePaths.fixture("models/mini-noisy-or.json")))
        #expect(model.sha256 == SHA256.hex(of: [UInt8](bytes)))
        #expect(model.sha256.count == 64)
    }

    @Test func maxDifferentialDefaultsToAll() {
        let parsed = parseNetwork(ModelTexts.network)
        #expect(parsed.diagnostics == [])
        #expect(parsed.value?.maxDifferential == nil)
    }
}

@Suite("NoisyORParser: header")
struct NoisyORParserHeaderTests {
    @Test func rejectsAnotherFormat() {
        let parsed = parseNetwork(
            ModelTexts.edit(ModelTexts.network, ("\"format\": \"clinval-noisy-or\"", "\"format\": \"noisy-or\"")))
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == [#"model.json:2:13: error: format: expected "clinval-noisy-or", found "noisy-or""#])
    }

    @Test func rejectsUnsupportedVersionNamingTheHighestAndReadsNoFurther() {
        let parsed = parseNetwork(
            ModelTexts.edit(
                ModelTexts.network, ("\"format_version\": 1", "\"format_version\": 2"),
                ("\"name\": \"tiny\"", "\"new_field\": true, \"name\": \"tiny\"")))
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                "model.json:3:21: error: format_version: unsupported format version 2; the highest supported version is 1"
            ])
    }

    @Test func rejectsUnknownKeyWithSuggestion() {
        let parsed = parseNetwork(
            ModelTexts.edit(ModelTexts.network, ("\"vocabulary\": \"ddxplus\",", "\"vocabulary\": \"ddxplus\", \"max_diferential\": 5,")))
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == [#"model.json:6:28: error: max_diferential: unknown field; did you mean "max_differential"?"#])
    }

    @Test func reportsMissingRequiredField() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("  \"vocabulary\": \"ddxplus\",\n", "")))
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == ["model.json:1:1: error: vocabulary: missing required field"])
    }

    @Test func rejectsNameThatIsNotASlug() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"name\": \"tiny\"", "\"name\": \"Tiny Model\"")))
        #expect(parsed.diagnostics == [#"model.json:4:11: error: name: expected a slug ([a-z0-9][a-z0-9-]*), found "Tiny Model""#])
    }

    @Test func rejectsMaxDifferentialBelowOne() {
        let parsed = parseNetwork(
            ModelTexts.edit(ModelTexts.network, ("\"vocabulary\": \"ddxplus\",", "\"vocabulary\": \"ddxplus\", \"max_differential\": 0,")))
        #expect(parsed.diagnostics == ["model.json:6:48: error: max_differential: expected a whole number of 1 or more, found 0"])
    }

    @Test func aDocumentThatDoesNotParseGivesOneError() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("{\"id\": \"E_91\", \"leak\": 0.01}", "{\"id\": \"E_91\", \"leak\": 0.01},")))
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == ["model.json:10:3: error: trailing comma before ']'"])
    }

    @Test func aNumberOutOfRangeIsASyntaxError() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"prior\": 0.02", "\"prior\": 1e999")))
        #expect(parsed.diagnostics == ["model.json:12:77: error: number 1e999 is out of range"])
    }

    @Test func reportsEveryProblemInOnePass() {
        let parsed = parseNetwork(
            ModelTexts.edit(
                ModelTexts.network, ("\"prior\": 0.02", "\"prior\": 0"), ("\"E_55\": 0.9", "\"E_55\": 2"),
                ("\"urgent\": 0.15", "\"urgent\": 0")))
        #expect(
            parsed.diagnostics == [
                "model.json:12:77: error: conditions[0].prior: expected a prior above 0 and at most 1, found 0",
                "model.json:13:113: error: conditions[1].links.E_55: expected a probability between 0 and 1, found 2",
                "model.json:16:49: error: triage.thresholds.urgent: expected a threshold above 0, found 0",
            ])
    }
}

@Suite("NoisyORParser: findings")
struct NoisyORParserFindingTests {
    @Test func rejectsEmptyFindings() {
        let parsed = parseNetwork(
            ModelTexts.edit(
                ModelTexts.network,
                ("[\n    {\"id\": \"E_55\", \"leak\": 0.01},\n    {\"id\": \"E_91\", \"leak\": 0.01}\n  ]", "[]"),
                ("\"links\": {\"E_91\": 0.8}", "\"links\": {}"), ("\"links\": {\"E_55\": 0.9}", "\"links\": {}")))
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics.first == "model.json:7:15: error: findings: must not be empty; a model needs at least one finding")
    }

    @Test func rejectsLeakOfOne() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("{\"id\": \"E_55\", \"leak\": 0.01}", "{\"id\": \"E_55\", \"leak\": 1}")))
        #expect(parsed.diagnostics == ["model.json:8:28: error: findings[0].leak: expected a leak of at least 0 and below 1, found 1"])
    }

    @Test func rejectsDuplicateFindingNamingTheFirstLine() {
        let parsed = parseNetwork(
            ModelTexts.edit(
                ModelTexts.network, ("{\"id\": \"E_91\", \"leak\": 0.01}", "{\"id\": \"E_91\", \"leak\": 0.01},\n    {\"id\": \"E_91\"}")))
        #expect(
            parsed.diagnostics == [#"model.json:10:12: error: findings[2].id: duplicate finding id "E_91"; first declared on line 9"#])
    }

    @Test func rejectsFindingIdThatIsNotACode() {
        let parsed = parseNetwork(
            ModelTexts.edit(ModelTexts.network, ("{\"id\": \"E_55\", \"leak\": 0.01}", "{\"id\": \"E 55\", \"leak\": 0.01}")))
        #expect(parsed.diagnostics.first == #"model.json:8:12: error: findings[0].id: expected a code ([A-Za-z0-9._-]+), found "E 55""#)
    }

    @Test func warnsAboutAFindingNoConditionLinks() {
        let parsed = parseNetwork(
            ModelTexts.edit(ModelTexts.network, ("{\"id\": \"E_91\", \"leak\": 0.01}", "{\"id\": \"E_91\", \"leak\": 0.01},\n    {\"id\": \"E_77\"}")))
        #expect(parsed.value != nil)
        #expect(
            parsed.diagnostics == [
                "model.json:10:5: warning: findings[2]: no condition links this finding; it can only be present through its leak"
            ])
    }
}

@Suite("NoisyORParser: conditions")
struct NoisyORParserConditionTests {
    @Test func rejectsEmptyConditions() {
        let text = ModelTexts.network
        let start = text.range(of: "\"conditions\": [")
        let end = text.range(of: "  ],\n  \"triage\"")
        guard let start, let end else {
            Issue.record("template changed")
            return
        }
        let edited = text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "\"conditions\": [],\n  \"triage\"")
        let parsed = parseNetwork(edited)
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == ["model.json:11:17: error: conditions: must not be empty; a model needs at least one condition"])
    }

    @Test func rejectsPriorZero() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"prior\": 0.02", "\"prior\": 0")))
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == ["model.json:12:77: error: conditions[0].prior: expected a prior above 0 and at most 1, found 0"])
    }

    @Test func rejectsPriorAboveOne() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"prior\": 0.02", "\"prior\": 1.5")))
        #expect(parsed.diagnostics == ["model.json:12:77: error: conditions[0].prior: expected a prior above 0 and at most 1, found 1.5"])
    }

    @Test func acceptsPriorOfOne() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"prior\": 0.02", "\"prior\": 1")))
        #expect(parsed.diagnostics == [])
        #expect(parsed.value?.conditions[0].prior == 1)
    }

    @Test func rejectsLinkProbabilityAboveOne() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"E_91\": 0.8", "\"E_91\": 1.5")))
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == ["model.json:12:101: error: conditions[0].links.E_91: expected a probability between 0 and 1, found 1.5"])
    }

    @Test func rejectsLinkToUndeclaredFindingWithSuggestion() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"E_91\": 0.8", "\"E_9\": 0.8")))
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics.first == #"model.json:12:93: error: conditions[0].links.E_9: unknown finding "E_9"; did you mean "E_91"?"#)
    }

    @Test func rejectsLinkToUndeclaredFindingWithoutSuggestion() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"E_91\": 0.8", "\"E_91\": 0.8, \"fever\": 0.3")))
        #expect(parsed.diagnostics == [#"model.json:12:106: error: conditions[0].links.fever: unknown finding "fever"; it is not declared in findings"#])
    }

    @Test func rejectsDuplicateConditionNamingTheFirstLine() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"id\": \"possible-nstemi-stemi\"", "\"id\": \"pneumonia\"")))
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics.first == #"model.json:13:12: error: conditions[1].id: duplicate condition id "pneumonia"; first declared on line 12"#)
    }

    @Test func rejectsUnknownUrgency() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"urgency\": \"urgent\"", "\"urgency\": \"urgnt\"")))
        #expect(
            parsed.diagnostics == [
                #"model.json:12:58: error: conditions[0].urgency: expected one of emergency, urgent, routine, self_care, found "urgnt""#
            ])
    }

    @Test func reportsMissingLabel() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"label\": \"Pneumonia\", ", "")))
        #expect(parsed.diagnostics == ["model.json:12:5: error: conditions[0].label: missing required field"])
    }

    @Test func warnsAboutAConditionWithoutLinks() {
        let parsed = parseNetwork(
            ModelTexts.edit(
                ModelTexts.network, ("\"links\": {\"E_91\": 0.8}", "\"links\": {}"),
                ("\"E_55\": 0.9", "\"E_55\": 0.9, \"E_91\": 0.2")))
        #expect(parsed.value?.conditions[0].links == [])
        #expect(
            parsed.diagnostics == [
                "model.json:12:92: warning: conditions[0].links: no links: no finding can change this condition's probability from its prior"
            ])
    }

    @Test func rejectsNegativeSexFactorAndUnknownSex() {
        let parsed = parseNetwork(
            ModelTexts.edit(ModelTexts.network, ("\"prior\": 0.01,", "\"prior\": 0.01, \"sex_factor\": {\"female\": -1, \"mail\": 1.2},")))
        #expect(
            parsed.diagnostics == [
                "model.json:13:124: error: conditions[1].sex_factor.mail: unknown field; expected one of female, male",
                "model.json:13:120: error: conditions[1].sex_factor.female: expected a factor of 0 or more, found -1",
            ])
    }

    @Test func acceptsAFactorOfZero() {
        let parsed = parseNetwork(
            ModelTexts.edit(ModelTexts.network, ("\"prior\": 0.01,", "\"prior\": 0.01, \"sex_factor\": {\"female\": 0},")))
        #expect(parsed.diagnostics == [])
        #expect(parsed.value?.conditions[1].sexFactor == [.female: 0])
    }
}

@Suite("NoisyORParser: age bands")
struct NoisyORParserAgeBandTests {
    private func withBands(_ bands: String) -> Parsed<NoisyORModel> {
        parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"prior\": 0.02,", "\"prior\": 0.02,\n     \"age_factor\": \(bands),\n    ")))
    }

    @Test func rejectsOverlappingBandsNamingThePair() {
        let parsed = withBands(#"[{"from": 0, "to": 17, "factor": 0.8}, {"from": 15, "to": 40, "factor": 1.0}]"#)
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                "model.json:13:59: error: conditions[0].age_factor[1]: ages 15 to 40 overlap ages 0 to 17 of conditions[0].age_factor[0] (line 13); bands include both ends and must not overlap"
            ])
    }

    @Test func bandsSharingAnEndOverlap() {
        let parsed = withBands(#"[{"from": 0, "to": 17, "factor": 0.8}, {"from": 17, "to": 40, "factor": 1.0}]"#)
        #expect(parsed.diagnostics.count == 1)
        #expect(parsed.diagnostics.first?.contains("ages 17 to 40 overlap ages 0 to 17") == true)
    }

    @Test func acceptsAdjacentBandsInAnyOrder() {
        let parsed = withBands(#"[{"from": 18, "to": 40, "factor": 1.2}, {"from": 0, "to": 17, "factor": 0.8}]"#)
        #expect(parsed.diagnostics == [])
        #expect(parsed.value?.conditions[0].ageFactor.count == 2)
    }

    @Test func rejectsBandWhoseFromIsAboveTo() {
        let parsed = withBands(#"[{"from": 40, "to": 18, "factor": 1.2}]"#)
        #expect(
            parsed.diagnostics == [
                "model.json:13:21: error: conditions[0].age_factor[0]: from (40) is above to (18); a band runs from its first age to its last"
            ])
    }

    @Test func rejectsAgeOutsideZeroTo120() {
        let parsed = withBands(#"[{"from": 65, "to": 130, "factor": 1.2}]"#)
        #expect(parsed.diagnostics == ["model.json:13:40: error: conditions[0].age_factor[0].to: expected a whole number from 0 to 120, found 130"])
    }

    @Test func rejectsFractionalAge() {
        let parsed = withBands(#"[{"from": 2.5, "to": 10, "factor": 1.2}]"#)
        #expect(parsed.diagnostics == ["model.json:13:30: error: conditions[0].age_factor[0].from: expected a whole number, found 2.5"])
    }

    @Test func rejectsNegativeAgeFactor() {
        let parsed = withBands(#"[{"from": 0, "to": 10, "factor": -0.5}]"#)
        #expect(parsed.diagnostics == ["model.json:13:53: error: conditions[0].age_factor[0].factor: expected a factor of 0 or more, found -0.5"])
    }
}

@Suite("NoisyORParser: triage")
struct NoisyORParserTriageTests {
    @Test func rejectsThresholdForSelfCare() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"urgent\": 0.15}", "\"urgent\": 0.15, \"self_care\": 0.5}")))
        #expect(parsed.value == nil)
        #expect(
            parsed.diagnostics == [
                "model.json:16:55: error: triage.thresholds.self_care: self_care has no threshold; it is the level given when no other level is reached"
            ])
    }

    @Test func rejectsUnknownLevelWithSuggestion() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"urgent\": 0.15}", "\"urgnt\": 0.15}")))
        #expect(parsed.diagnostics == [#"model.json:16:39: error: triage.thresholds.urgnt: unknown level; did you mean "urgent"?"#])
    }

    @Test func rejectsThresholdOfZero() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"emergency\": 0.05", "\"emergency\": 0")))
        #expect(parsed.diagnostics == ["model.json:16:33: error: triage.thresholds.emergency: expected a threshold above 0, found 0"])
    }

    @Test func warnsAboutThresholdAboveOne() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"emergency\": 0.05", "\"emergency\": 1.2")))
        #expect(parsed.value?.triage.thresholds[.emergency] == 1.2)
        #expect(
            parsed.diagnostics == [
                "model.json:16:33: warning: triage.thresholds.emergency: threshold above 1: reached only when the posteriors of several conditions add up past it"
            ])
    }

    @Test func warnsAboutNoThresholds() {
        let parsed = parseNetwork(ModelTexts.edit(ModelTexts.network, ("{\"emergency\": 0.05, \"urgent\": 0.15}", "{}")))
        #expect(parsed.value?.triage.thresholds == [:])
        #expect(
            parsed.diagnostics == [
                "model.json:16:19: warning: triage.thresholds: no thresholds: the triage level comes from red flags only, and is otherwise self_care"
            ])
    }

    private func withRedFlags(_ flags: String) -> Parsed<NoisyORModel> {
        parseNetwork(ModelTexts.edit(ModelTexts.network, ("\"urgent\": 0.15}", "\"urgent\": 0.15},\n    \"red_flags\": \(flags)")))
    }

    @Test func rejectsRedFlagNamingUnknownFinding() {
        let parsed = withRedFlags(#"[{"all": ["E_55", "E_57"], "level": "emergency"}]"#)
        #expect(parsed.value == nil)
        #expect(parsed.diagnostics == [#"model.json:17:36: error: triage.red_flags[0].all[1]: unknown finding "E_57"; did you mean "E_55"?"#])
    }

    @Test func rejectsRedFlagWithSelfCareLevel() {
        let parsed = withRedFlags(#"[{"all": ["E_55"], "level": "self_care"}]"#)
        #expect(parsed.diagnostics == [#"model.json:17:46: error: triage.red_flags[0].level: expected one of emergency, urgent, routine, found "self_care""#])
    }

    @Test func rejectsRedFlagWithNoFindings() {
        let parsed = withRedFlags(#"[{"all": [], "level": "urgent"}]"#)
        #expect(parsed.diagnostics == ["model.json:17:27: error: triage.red_flags[0].all: must not be empty; list the findings that must all be present"])
    }

    @Test func warnsAboutAFindingListedTwiceInARedFlag() {
        let parsed = withRedFlags(#"[{"all": ["E_55", "E_55"], "level": "urgent"}]"#)
        #expect(parsed.value?.triage.redFlags == [RedFlag(findingIndexes: [0], level: .urgent)])
        #expect(parsed.diagnostics == [#"model.json:17:36: warning: triage.red_flags[0].all[1]: finding "E_55" is listed twice"#])
    }
}
