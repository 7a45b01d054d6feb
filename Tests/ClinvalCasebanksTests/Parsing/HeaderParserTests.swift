import ClinvalCasebanks
import ClinvalCore
import Testing
import _ClinvalTestSupport

@Suite struct HeaderParserTests {
    @Test func missingHeaderFieldsAreEachReportedAtTheRoot() {
        let (path, result) = loadText("title: Only a title\n")
        #expect(result.messages == [
            "\(path):1:1: error: casebank: missing required field",
            "\(path):1:1: error: version: missing required field",
            "\(path):1:1: error: vocabulary: missing required field",
            "\(path):1:1: error: source: missing required field",
            "\(path):1:1: error: vignettes: missing required field",
        ])
    }

    @Test func unknownHeaderKeyWithoutACloseMatchListsTheFields() {
        let (path, result) = loadText(yamlHeader + "owner: somebody\nvignettes:\n" + yamlVignette())
        #expect(result.messages == [
            "\(path):5:1: error: owner: unknown field; expected one of casebank, version, vocabulary, source, vignettes, title, curators"
        ])
    }

    @Test func emptyVersionSourceAndTitleAreErrors() {
        let text = """
            casebank: test
            version: ""
            title: " "
            vocabulary: ddxplus
            source: ""
            vignettes:

            """ + yamlVignette()
        let (path, result) = loadText(text)
        #expect(result.messages == [
            "\(path):2:10: error: version: must not be empty",
            "\(path):3:8: error: title: must not be empty",
            "\(path):5:9: error: source: must not be empty",
        ])
    }

    @Test func vocabularyMustBeASlug() {
        let text = yamlHeader.replacingOccurrences(of: "vocabulary: ddxplus", with: "vocabulary: DDXPlus")
        let (path, result) = loadText(text + "vignettes:\n" + yamlVignette())
        #expect(result.messages == [
            #"\#(path):3:13: error: vocabulary: expected a vocabulary id of lowercase letters, digits and '-', starting with a letter or digit, found "DDXPlus""#
        ])
    }

    @Test func bankIDMustNotStartWithAHyphen() {
        let text = yamlHeader.replacingOccurrences(of: "casebank: test", with: "casebank: -test")
        let (path, result) = loadText(text + "vignettes:\n" + yamlVignette())
        #expect(result.messages == [
            #"\#(path):1:11: error: casebank: expected a bank id of lowercase letters, digits and '-', starting with a letter or digit, found "-test""#
        ])
    }

    @Test func curatorsMustBeAListOfNonEmptyNames() {
        let (path, result) = loadText(yamlHeader + "curators: [\"Panel A\", 3, \"\"]\nvignettes:\n" + yamlVignette())
        #expect(result.messages == [
            "\(path):5:23: error: curators[1]: expected a string, found a number (3); put it in quotes if it is meant as text",
            "\(path):5:26: error: curators[2]: must not be empty",
        ])
    }

    @Test func curatorsGivenAsOneNameIsATypeError() {
        let (path, result) = loadText(yamlHeader + "curators: Panel A\nvignettes:\n" + yamlVignette())
        #expect(result.messages == ["\(path):5:11: error: curators: expected a list, found a string"])
    }

    @Test func optionalHeaderFieldsMayBeLeftOut() throws {
        let (_, result) = loadText(yamlBank(yamlVignette()))
        let bank = try #require(result.bank)
        #expect(bank.title == nil)
        #expect(bank.curators == [])
    }

    @Test func vignettesThatIsNotAListIsAnError() {
        let (path, result) = loadText(yamlHeader + "vignettes:\n  id: v-001\n")
        #expect(result.messages == ["\(path):6:3: error: vignettes: expected a list, found a mapping"])
    }

    @Test func vignettesLeftEmptyIsATypeError() {
        let (path, result) = loadText(yamlHeader + "vignettes:\n")
        #expect(result.messages == ["\(path):5:11: error: vignettes: expected a list, found null"])
    }

    @Test func yamlRootThatIsTextIsAnError() {
        let (path, result) = loadText("just some words\n")
        #expect(result.messages == [
            "\(path):1:1: error: expected a bank: a mapping with casebank, version, vocabulary, source and vignettes; found a string"
        ])
    }

    @Test func jsonLinesHeaderKeysAreCheckedLikeYAMLKeys() {
        let header = #"{"casebank": "test", "version": 2026.11, "vocabulary": "ddxplus", "source": "A test", "titel": "T"}"#
        let (path, result) = loadText(header + "\n" + jsonVignette() + "\n", as: "bank.jsonl")
        #expect(result.messages == [
            #"\#(path):1:87: error: titel: unknown field; did you mean "title"?"#,
            "\(path):1:33: error: version: expected a string, found a number (2026.11); put it in quotes if it is meant as text",
        ])
    }

    @Test func jsonLinesHeaderDoesNotOfferVignettesAmongItsFields() {
        let header = #"{"casebank": "test", "version": "1", "vocabulary": "ddxplus", "source": "A test", "owner": "x"}"#
        let (path, result) = loadText(header + "\n" + jsonVignette() + "\n", as: "bank.jsonl")
        #expect(result.messages == [
            "\(path):1:83: error: owner: unknown field; expected one of casebank, version, vocabulary, source, title, curators"
        ])
    }

    @Test func jsonLinesHeaderWithAnErrorGivesNoHeaderButVignettesAreStillChecked() {
        let header = #"{"casebank": "test", "version": "1", "vocabulary": "ddxplus"}"#
        let bad = jsonVignette().replacingOccurrences(of: #""age": 40"#, with: #""age": 400"#)
        let folder = TemporaryDirectory()
        let path = folder.write("bank.jsonl", header + "\n" + bad + "\n")
        let reader = CasebankReader(path: path)
        #expect(reader.header == nil)
        #expect(reader.next() == nil)
        #expect(reader.diagnostics.all.map(\.description) == [
            "\(path):1:1: error: source: missing required field",
            "\(path):2:54: error: vignettes[0].age: expected a whole number from 0 to 120, found 400",
        ])
    }
}
