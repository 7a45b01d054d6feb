import Testing

@testable import ClinvalCore

@Suite struct DocumentReaderTests {
    private func root(_ yaml: String) throws -> SourceNode {
        try YAMLDocumentParser.parse(Array(yaml.utf8), limits: .configuration)
    }

    @Test func reportsUnknownKeysWithASuggestionAndMissingKeys() throws {
        var reader = DocumentReader(file: "p.yaml")
        let node = try root("gate: release\ncritera: []\n")
        let mapping = reader.mapping(node, at: .root, required: ["gate", "criteria"], optional: ["bootstrap"])
        #expect(mapping != nil)
        #expect(
            reader.diagnostics.all.map(\.description) == [
                "p.yaml:2:1: error: critera: unknown field; did you mean \"criteria\"?",
                "p.yaml:1:1: error: criteria: missing required field",
            ])
    }

    @Test func listsKnownKeysWhenNothingIsClose() throws {
        var reader = DocumentReader(file: "p.yaml")
        _ = reader.mapping(try root("zzzzzz: 1\n"), at: .root, required: [], optional: ["gate", "criteria"])
        #expect(
            reader.diagnostics.all.map(\.description) == [
                "p.yaml:1:1: error: zzzzzz: unknown field; expected one of gate, criteria"
            ])
    }

    @Test func tellsToQuoteNumbersWhereTextIsExpected() throws {
        var reader = DocumentReader(file: "b.yaml")
        let read = reader.mapping(try root("version: 2026.11\n"), at: .root, required: ["version"])
        let mapping = try #require(read)
        #expect(reader.string(mapping, "version") == nil)
        #expect(
            reader.diagnostics.all.map(\.description) == [
                "b.yaml:1:10: error: version: expected a string, found a number (2026.11); put it in quotes if it is meant as text"
            ])
    }

    @Test func checksWholeNumbersAndRanges() throws {
        var reader = DocumentReader(file: "b.yaml")
        let read = reader.mapping(try root("a: 41.5\nb: 130\nc: 7\n"), at: .root, required: ["a", "b", "c"])
        let mapping = try #require(read)
        #expect(reader.integer(mapping, "a", in: 0...120) == nil)
        #expect(reader.integer(mapping, "b", in: 0...120) == nil)
        #expect(reader.integer(mapping, "c", in: 0...120) == 7)
        #expect(
            reader.diagnostics.all.map(\.description) == [
                "b.yaml:1:4: error: a: expected a whole number, found 41.5",
                "b.yaml:2:4: error: b: expected a whole number from 0 to 120, found 130",
            ])
    }

    @Test func checksProbabilityRanges() throws {
        var reader = DocumentReader(file: "m.json")
        let node = try JSONDocumentParser.parse(Array("{\"q\": 1.5}".utf8))
        let read = reader.mapping(node, at: .root, required: ["q"])
        let mapping = try #require(read)
        #expect(reader.number(mapping, "q", in: 0...1, what: "a probability") == nil)
        #expect(
            reader.diagnostics.all.map(\.description) == [
                "m.json:1:7: error: q: expected a probability between 0 and 1, found 1.5"
            ])
    }

    @Test func explainsYAML11Booleans() throws {
        var reader = DocumentReader(file: "b.yaml")
        let read = reader.mapping(try root("must_pass: yes\n"), at: .root, required: ["must_pass"])
        let mapping = try #require(read)
        #expect(reader.bool(mapping, "must_pass") == nil)
        #expect(
            reader.diagnostics.all.map(\.description) == [
                "b.yaml:1:12: error: must_pass: expected true or false, found a string (\"yes\"); write true or false"
            ])
    }

    @Test func readsEnumerationsAndListsOfStrings() throws {
        var reader = DocumentReader(file: "b.yaml")
        let read = reader.mapping(try root("sex: femal\npresent: [E_1, 3, E_2]\n"), at: .root, required: ["sex", "present"])
        let mapping = try #require(read)
        #expect(reader.oneOf(mapping, "sex", as: Sex.self) == nil)
        #expect(reader.stringList(mapping, "present")?.map(\.text) == ["E_1", "E_2"])
        #expect(
            reader.diagnostics.all.map(\.description) == [
                "b.yaml:1:6: error: sex: expected one of female, male, found \"femal\"",
                "b.yaml:2:16: error: present[1]: expected a string, found a number (3); put it in quotes if it is meant as text",
            ])
    }

    @Test func rejectsEmptyText() throws {
        var reader = DocumentReader(file: "b.yaml")
        let read = reader.mapping(try root("source: '  '\n"), at: .root, required: ["source"])
        let mapping = try #require(read)
        #expect(reader.nonEmptyString(mapping, "source") == nil)
        #expect(reader.diagnostics.all.map(\.description) == ["b.yaml:1:9: error: source: must not be empty"])
    }

    // MARK: Invisible characters

    @Test(arguments: ["sex: \"\\ufeffmale\"\n", "sex: \u{FEFF}male\n", "sex: \"\u{FEFF}male\"\n"])
    func anEnumeratedValueWithAByteOrderMarkIsAnErrorSuggestingTheValueWithout(yaml: String) throws {
        var reader = DocumentReader(file: "b.yaml")
        let read = reader.mapping(try root(yaml), at: .root, required: ["sex"])
        let mapping = try #require(read)
        #expect(reader.oneOf(mapping, "sex", as: Sex.self) == nil)
        #expect(
            reader.diagnostics.all.map(\.description) == [
                #"b.yaml:1:6: error: sex: invisible character U+FEFF in "\u{feff}male"; did you mean "male"?"#
            ])
    }

    @Test func anEnumeratedValueWithInvisibleCharactersInJSONNamesEachOnce() throws {
        var reader = DocumentReader(file: "b.json")
        let node = try JSONDocumentParser.parse(Array(#"{"sex": "fe\u200bma\u200ble\u2066"}"#.utf8))
        let read = reader.mapping(node, at: .root, required: ["sex"])
        let mapping = try #require(read)
        #expect(reader.oneOf(mapping, "sex", as: Sex.self) == nil)
        #expect(
            reader.diagnostics.all.map(\.description) == [
                #"b.json:1:9: error: sex: invisible characters U+200B, U+2066 in "fe\u{200b}ma\u{200b}le\u{2066}"; did you mean "female"?"#
            ])
    }

    @Test func aKeyWithAnInvisibleCharacterIsNamedAsSuchNotAsMissing() throws {
        var reader = DocumentReader(file: "b.yaml")
        let node = try root("\"\\ufeffsex\": male\nage: 3\n")
        _ = reader.mapping(node, at: .root, required: ["sex", "age"])
        #expect(
            reader.diagnostics.all.map(\.description) == [
                #"b.yaml:1:1: error: ["\u{feff}sex"]: invisible character U+FEFF in key "\u{feff}sex"; did you mean "sex"?"#
            ])
    }

    @Test func freeTextKeepsInvisibleCharacters() throws {
        var reader = DocumentReader(file: "b.yaml")
        let read = reader.mapping(try root("summary: \"\\ufeffFamily \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\"\n"), at: .root, required: ["summary"])
        let mapping = try #require(read)
        #expect(reader.nonEmptyString(mapping, "summary") == "\u{FEFF}Family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}")
        #expect(reader.diagnostics.isEmpty)
    }
}
