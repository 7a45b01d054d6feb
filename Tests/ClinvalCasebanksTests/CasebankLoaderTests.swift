import ClinvalCasebanks
import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@Suite struct CasebankLoaderTests {
    // MARK: Valid banks

    @Test(arguments: ["mini.yaml", "mini.jsonl"])
    func miniBankLoadsWithoutAnyDiagnostic(name: String) throws {
        let result = load(PackagePaths.fixture("casebanks/" + name))
        #expect(result.messages == [])
        let bank = try #require(result.bank)
        #expect(bank.vignettes.map(\.id) == ["mini-001", "mini-002", "mini-003", "mini-004"])
    }

    @Test func yamlAndJSONLinesMiniBanksHoldEqualHeadersAndVignettes() throws {
        let yaml = try #require(load(PackagePaths.fixture("casebanks/mini.yaml")).bank)
        let jsonLines = try #require(load(PackagePaths.fixture("casebanks/mini.jsonl")).bank)
        #expect(yaml.header == jsonLines.header)
        #expect(withoutLines(yaml.vignettes) == withoutLines(jsonLines.vignettes))
        #expect(yaml.format == .yaml)
        #expect(jsonLines.format == .jsonLines)
    }

    @Test func miniYAMLBankReadsEveryField() throws {
        let path = PackagePaths.fixture("casebanks/mini.yaml")
        let bank = try #require(load(path).bank)
        #expect(
            bank.header
                == CasebankHeader(
                    id: "mini", version: "2026.11", title: "Four demonstration vignettes", vocabulary: "ddxplus",
                    source:
                        "Written for the clinval test suite from the DDXPlus knowledge base (synthetic, not doctor-labelled)",
                    curators: ["Test panel"]))
        #expect(bank.file == path)
        let first = try #require(bank.vignettes.first)
        #expect(
            first
                == Vignette(
                    id: "mini-001", summary: "58-year-old man, crushing central chest pain for 30 minutes, sweating",
                    age: 58, sex: .male, present: ["E_55", "E_57", "E_53"], absent: ["E_91"],
                    gold: GoldLabel(
                        diagnosis: "possible-nstemi-stemi", alsoCorrect: ["unstable-angina"],
                        differential: ["possible-nstemi-stemi", "unstable-angina", "pericarditis"],
                        triage: TriageRange(.emergency)),
                    mustPass: true, tags: ["cardiac", "red-flag"], index: 0, line: 9))
        let second = try #require(bank.vignettes.dropFirst().first)
        #expect(second.gold.triage == TriageRange(lower: .selfCare, upper: .routine))
        #expect(second.mustPass == false)
        #expect(bank.vignettes.last?.present == [])
        #expect(bank.vignettes.last?.index == 3)
    }

    @Test func jsonLinesVignetteLineIsItsLineInTheFile() throws {
        let bank = try #require(load(PackagePaths.fixture("casebanks/mini.jsonl")).bank)
        // Line 4 of mini.jsonl is blank.
        #expect(bank.vignettes.map(\.line) == [2, 3, 5, 6])
    }

    @Test(arguments: ["mini.yaml", "mini.jsonl"])
    func sha256IsTheDigestOfTheFileBytes(name: String) throws {
        let path = PackagePaths.fixture("casebanks/" + name)
        let bank = try #require(load(path).bank)
        let output = try CommandRunner.run("/usr/bin/sha256sum", [path], in: PackagePaths.root)
        let expected = try #require(output.stdout.split(separator: " ").first)
        #expect(bank.sha256 == String(expected))
    }

    @Test func warningsAloneStillGiveTheBank() throws {
        let text = yamlBank(yamlVignette().replacingOccurrences(of: "    summary: A test vignette\n", with: ""))
        let (path, result) = loadText(text)
        #expect(result.messages == [
            "\(path):6:5: warning: vignettes[0].summary: no summary; clinicians reading the report will see only the id"
        ])
        #expect(result.bank?.vignettes.first?.summary == nil)
    }

    @Test func anyErrorGivesNoBankEvenWhenOtherVignettesAreValid() {
        let text = yamlBank(yamlVignette("v-001") + yamlVignette("v-002").replacingOccurrences(of: "age: 40", with: "age: -1"))
        let (path, result) = loadText(text)
        #expect(result.messages == ["\(path):16:10: error: vignettes[1].age: expected a whole number from 0 to 120, found -1"])
        #expect(result.bank == nil)
    }

    // MARK: Files

    @Test func ymlExtensionIsReadAsYAML() throws {
        let (_, result) = loadText(yamlBank(yamlVignette()), as: "bank.yml")
        #expect(result.messages == [])
        #expect(result.bank?.format == .yaml)
    }

    @Test func otherExtensionIsAnErrorNamingTheAcceptedOnes() {
        let (path, result) = loadText(jsonBank([jsonVignette()]), as: "bank.json")
        #expect(result.messages == [
            "\(path): error: not a bank file: a bank's name ends in .yaml, .yml or .jsonl"
        ])
        #expect(result.bank == nil)
    }

    @Test(arguments: ["missing.yaml", "missing.jsonl"])
    func missingFileIsAnError(name: String) {
        let folder = TemporaryDirectory()
        let path = folder.file(name)
        #expect(load(path).messages == ["\(path): error: no such file; check the path"])
    }

    @Test func folderIsAnError() {
        let folder = TemporaryDirectory()
        let path = folder.file("banks.yaml")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(load(path).messages == ["\(path): error: is a folder, not a file"])
    }

    @Test func yamlLineOverTheLimitIsRejectedWithItsLength() {
        let long = "# " + String(repeating: "x", count: 3 << 20) + "\n"
        let (path, result) = loadText(yamlHeader + long + "vignettes:\n" + yamlVignette())
        #expect(result.messages == ["\(path):5:1: error: line is 3.0 MiB long, over the 1.0 MiB limit"])
    }

    @Test func yamlAliasBombIsRejectedWithoutExpandingIt() {
        let path = PackagePaths.fixture("malformed/bank-09-yaml-bomb.yaml")
        #expect(load(path).messages == [
            "\(path):2:14: error: YAML anchors and aliases expand this document far beyond its size (an alias bomb?); refusing to expand it"
        ])
    }

    @Test func yamlSyntaxErrorIsOneError() {
        let (path, result) = loadText(yamlHeader + "vignettes: [\n")
        #expect(result.messages.count == 1)
        #expect(result.messages.first?.hasPrefix("\(path):6:1: error: invalid YAML: ") == true)
    }

    // MARK: Malformed fixtures

    /// Every `bank-*` file of the malformed fixtures.
    static let malformedFixtures: [String] = {
        let folder = PackagePaths.fixture("malformed")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("bank-") }.sorted()
    }()

    @Test func thereAreAtLeastSixteenMalformedFixtures() {
        #expect(Self.malformedFixtures.count >= 16)
    }

    @Test(arguments: malformedFixtures)
    func malformedFixtureGivesAnErrorAndNoBank(name: String) {
        let result = load(PackagePaths.fixture("malformed/" + name))
        #expect(result.diagnostics.errorCount >= 1)
        #expect(result.bank == nil)
    }

    /// The whole expected output of each malformed fixture (`F` stands for the folder).
    static let malformedExpectations: [String: [String]] = [
        "bank-01-unknown-key.yaml": [
            #"F/bank-01-unknown-key.yaml:5:1: error: curator: unknown field; did you mean "curators"?"#,
            #"F/bank-01-unknown-key.yaml:15:5: error: vignettes[0].must_pas: unknown field; did you mean "must_pass"?"#,
        ],
        "bank-02-bad-triage.yaml": [
            #"F/bank-02-bad-triage.yaml:13:15: error: vignettes[0].gold.triage: expected one of emergency, urgent, routine, self_care, found "urgnt""#
        ],
        "bank-03-duplicate-id.jsonl": [
            #"F/bank-03-duplicate-id.jsonl:4:8: error: vignettes[2].id: duplicate vignette id "v-001" (first at line 2)"#
        ],
        "bank-04-age-out-of-range.yaml": [
            "F/bank-04-age-out-of-range.yaml:8:10: error: vignettes[0].age: expected a whole number from 0 to 120, found 130"
        ],
        "bank-05-code-present-and-absent.yaml": [
            #"F/bank-05-code-present-and-absent.yaml:14:14: error: vignettes[0].absent[0]: code "E_91" is also in present; a finding cannot be both present and absent"#
        ],
        "bank-06-inverted-triage-range.yaml": [
            #"F/bank-06-inverted-triage-range.yaml:13:15: error: vignettes[0].gold.triage: inverted range: "emergency" is more urgent than "routine"; write the less urgent level first, [routine, emergency]"#
        ],
        "bank-07-empty-bank.yaml": [
            "F/bank-07-empty-bank.yaml:5:12: error: vignettes: the bank has no vignettes; add at least one"
        ],
        "bank-08-version-not-string.yaml": [
            "F/bank-08-version-not-string.yaml:2:10: error: version: expected a string, found a number (2026.11); put it in quotes if it is meant as text"
        ],
        "bank-09-yaml-bomb.yaml": [
            "F/bank-09-yaml-bomb.yaml:2:14: error: YAML anchors and aliases expand this document far beyond its size (an alias bomb?); refusing to expand it"
        ],
        "bank-10-header-not-object.jsonl": [
            "F/bank-10-header-not-object.jsonl:1:1: error: expected the bank header: an object with casebank, version, vocabulary and source; found a list"
        ],
        "bank-11-invalid-utf8.jsonl": [
            "F/bank-11-invalid-utf8.jsonl:2:32: error: invalid UTF-8 (byte 0xE9); save the file as UTF-8"
        ],
        "bank-12-bom.yaml": [
            "F/bank-12-bom.yaml:1:1: error: file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM"
        ],
        "bank-13-jsonl-syntax-error.jsonl": [
            "F/bank-13-jsonl-syntax-error.jsonl:3:27: error: expected a key in double quotes, found ','",
            "F/bank-13-jsonl-syntax-error.jsonl:5:15: error: expected ',' or '}', found the end of the input",
        ],
        "bank-14-missing-gold.yaml": [
            "F/bank-14-missing-gold.yaml:6:5: error: vignettes[0].gold: missing required field"
        ],
        "bank-15-unknown-sex.jsonl": [
            #"F/bank-15-unknown-sex.jsonl:2:63: error: vignettes[0].sex: expected one of male, female, found "m""#
        ],
        "bank-16-not-whole-age.yaml": [
            "F/bank-16-not-whole-age.yaml:8:10: error: vignettes[0].age: expected a whole number, found 41.5"
        ],
        "bank-17-root-is-list.yaml": [
            "F/bank-17-root-is-list.yaml:1:1: error: expected a bank: a mapping with casebank, version, vocabulary, source and vignettes; found a list"
        ],
        "bank-18-empty-file.yaml": [
            "F/bank-18-empty-file.yaml:1:1: error: file is empty: expected a YAML mapping"
        ],
        "bank-19-header-only.jsonl": [
            "F/bank-19-header-only.jsonl:1:1: error: vignettes: the bank has no vignettes; write one vignette object per line after the header"
        ],
        "bank-20-vignettes-in-header.jsonl": [
            "F/bank-20-vignettes-in-header.jsonl:1:118: error: vignettes: vignettes do not go in the header of a JSON Lines bank; write one vignette object per line after it"
        ],
        "bank-21-bad-codes.yaml": [
            #"F/bank-21-bad-codes.yaml:6:9: error: vignettes[0].id: expected an id of letters, digits, '.', '_' and '-', found "v 001""#,
            #"F/bank-21-bad-codes.yaml:10:15: error: vignettes[0].present[0]: expected a code of letters, digits, '.', '_' and '-', found "E 201""#,
            "F/bank-21-bad-codes.yaml:10:24: error: vignettes[0].present[1]: expected a string, found a number (55); put it in quotes if it is meant as text",
            #"F/bank-21-bad-codes.yaml:12:18: error: vignettes[0].gold.diagnosis: expected a code of letters, digits, '.', '_' and '-', found "pneumonia?""#,
        ],
        "bank-22-empty-differential.yaml": [
            "F/bank-22-empty-differential.yaml:13:21: error: vignettes[0].gold.differential: must not be empty when given; list at least one condition code or leave the field out"
        ],
        "bank-23-invalid-utf8.yaml": [
            "F/bank-23-invalid-utf8.yaml:7:18: error: invalid UTF-8 (byte 0xE9); save the file as UTF-8"
        ],
        "bank-24-bad-bank-id.yaml": [
            #"F/bank-24-bad-bank-id.yaml:1:11: error: casebank: expected a bank id of lowercase letters, digits and '-', starting with a letter or digit, found "Broken_Bank""#
        ],
        "bank-25-missing-header-fields.jsonl": [
            #"F/bank-25-missing-header-fields.jsonl:1:40: error: vocabuary: unknown field; did you mean "vocabulary"?"#,
            "F/bank-25-missing-header-fields.jsonl:1:1: error: vocabulary: missing required field",
            "F/bank-25-missing-header-fields.jsonl:1:1: error: source: missing required field",
        ],
    ]

    @Test func everyMalformedFixtureHasAnExpectedOutput() {
        #expect(Set(Self.malformedExpectations.keys) == Set(Self.malformedFixtures))
    }

    @Test(arguments: malformedFixtures)
    func malformedFixtureGivesExactlyTheExpectedDiagnostics(name: String) {
        let folder = PackagePaths.fixture("malformed")
        let expected = (Self.malformedExpectations[name] ?? []).map { line in
            folder + line.dropFirst()
        }
        #expect(load(folder + "/" + name).messages == expected)
    }
}

extension CasebankLoaderTests {
    @Test(arguments: ["mini.yaml", "mini.jsonl"])
    func loadsBytesHeldInMemoryAsItLoadsTheFile(name: String) throws {
        let path = PackagePaths.fixture("casebanks/" + name)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var diagnostics = DiagnosticList()
        let fromMemory = try #require(CasebankLoader.load(path, bytes: bytes, diagnostics: &diagnostics))
        #expect(diagnostics.isEmpty)
        #expect(fromMemory == load(path).bank)
    }

    @Test func diagnosticsOfBytesHeldInMemoryNameTheGivenPath() {
        var diagnostics = DiagnosticList()
        let bank = CasebankLoader.load(
            "new/bank.jsonl", bytes: Array((jsonBank([jsonVignette(), jsonVignette()])).utf8), diagnostics: &diagnostics)
        #expect(bank == nil)
        #expect(diagnostics.all.map(\.description) == [#"new/bank.jsonl:3:8: error: vignettes[1].id: duplicate vignette id "v-001" (first at line 2)"#])
    }
}
