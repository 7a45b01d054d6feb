import Testing

@testable import ClinvalCore

@Suite struct YAMLDocumentParserTests {
    private func parse(_ text: String) throws(DocumentSyntaxError) -> SourceNode {
        try YAMLDocumentParser.parse(Array(text.utf8), limits: .configuration)
    }

    private func syntaxError(_ text: String) -> DocumentSyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    private func members(_ node: SourceNode) -> [SourceNode.Member] {
        if case .object(let members) = node.value { return members }
        return []
    }

    @Test func typesPlainScalarsByTheCoreSchema() throws {
        let node = try parse(
            """
            a: 12
            b: 2026.11
            c: "2026.11"
            d: yes
            e: true
            f: ~
            g: E_55
            h: -1e-3
            i:
            j: 'true'
            """)
        let values = members(node).map(\.value.value)
        #expect(values[0] == .number(.init(value: 12, literal: "12")))
        #expect(values[1] == .number(.init(value: 2026.11, literal: "2026.11")))
        #expect(values[2] == .string("2026.11"))
        #expect(values[3] == .string("yes"))  // YAML 1.2: not a boolean
        #expect(values[4] == .bool(true))
        #expect(values[5] == .null)
        #expect(values[6] == .string("E_55"))
        #expect(values[7] == .number(.init(value: -0.001, literal: "-1e-3")))
        #expect(values[8] == .null)
        #expect(values[9] == .string("true"))
    }

    @Test func recordsPositionsOfKeysAndValues() throws {
        let node = try parse("top:\n  - id: a\n    age: 58\n")
        let top = members(node)[0]
        #expect((top.line, top.column) == (1, 1))
        guard case .array(let elements) = top.value.value else {
            Issue.record("expected a list")
            return
        }
        let age = members(elements[0])[1]
        #expect(age.key == "age")
        #expect((age.line, age.column) == (3, 5))
        #expect((age.value.line, age.value.column) == (3, 10))
    }

    @Test func reportsSyntaxErrorsWithTheirPosition() {
        let error = syntaxError("a: [1, 2\nb: 3\n")
        #expect(error?.line == 2)
        #expect(error?.message.hasPrefix("invalid YAML: ") == true)
    }

    @Test func locatesControlCharacters() {
        #expect(
            syntaxError("a: 1\nb: x\u{01}y\n")?.description
                == "2:5: cannot read the YAML text: control characters are not allowed")
    }

    @Test func reportsDuplicateKeys() {
        #expect(syntaxError("a: 1\nb: 2\na: 3\n")?.description == "1:1: duplicate key \"a\" in one mapping")
    }

    @Test func rejectsAnEmptyDocumentAndSeveralDocuments() {
        #expect(syntaxError("# only a comment\n")?.description == "1:1: file is empty: expected a YAML mapping")
        #expect(syntaxError("a: 1\n---\nb: 2\n")?.message.contains("expected a single document") == true)
    }

    @Test func expandsOrdinaryAliases() throws {
        let node = try parse("base: &b [E_1, E_2]\ncopy: *b\n")
        #expect(members(node)[1].value.value == members(node)[0].value.value)
    }

    @Test func rejectsABillionLaughsBombQuickly() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let aliases = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(aliases)]\n"
        }
        let error = syntaxError(text)
        #expect(
            error?.message
                == "YAML anchors and aliases expand this document far beyond its size (an alias bomb?); refusing to expand it"
        )
    }

    @Test func rejectsComplexKeys() {
        #expect(syntaxError("? [a, b]\n: 1\n")?.message == "a mapping key must be plain text, not a list or mapping")
    }

    @Test func resolvesCoreSchemaNumbers() {
        #expect(YAMLDocumentParser.number("0x1F") == 31)
        #expect(YAMLDocumentParser.number("0o17") == 15)
        #expect(YAMLDocumentParser.number("+3.") == 3)
        #expect(YAMLDocumentParser.number(".5") == 0.5)
        #expect(YAMLDocumentParser.number(".inf") == .infinity)
        #expect(YAMLDocumentParser.number("1.2.3") == nil)
        #expect(YAMLDocumentParser.number("E_55") == nil)
        #expect(YAMLDocumentParser.number("1e") == nil)
        #expect(YAMLDocumentParser.number("-") == nil)
    }

    // MARK: Invisible characters are kept as written

    /// The value of the only key of a one-key document.
    private func value(_ text: String) throws -> SourceNode.Value? {
        members(try parse(text)).first?.value.value
    }

    @Test(arguments: [
        ("a: \u{FEFF}male\n", "\u{FEFF}male"),
        ("a: '\u{FEFF}male'\n", "\u{FEFF}male"),
        ("a: \"\u{FEFF}male\"\n", "\u{FEFF}male"),
        ("a: \"\\ufeffmale\"\n", "\u{FEFF}male"),
        ("a: \"\\uFEFFmale\"\n", "\u{FEFF}male"),
        ("a: \"\\U0000feffmale\"\n", "\u{FEFF}male"),
        ("a: \"\\ufeff\\ufeffmale\"\n", "\u{FEFF}\u{FEFF}male"),
        ("a: \"\\\n    \\ufeffmale\"\n", "\u{FEFF}male"),
        ("a: |\n  \u{FEFF}male\n", "\u{FEFF}male\n"),
        ("a: ma\u{FEFF}le\n", "ma\u{FEFF}le"),
        ("a: \"\\u200bmale\"\n", "\u{200B}male"),
        ("a: \\ufeffmale\n", "\\ufeffmale"),
        ("a: '\\ufeffmale'\n", "\\ufeffmale"),
    ])
    func keepsALeadingByteOrderMarkInAValue(text: String, expected: String) throws {
        // Yams decodes each scalar with Foundation, which drops a leading U+FEFF as a byte order
        // mark: "\u{FEFF}male" would read as "male".
        #expect(try value(text) == .string(expected))
    }

    @Test func keepsALeadingByteOrderMarkInAKeyAndInAListElement() throws {
        let node = try parse("a: 1\n\u{FEFF}sex: male\n\"\\ufeffage\": 3\nlist: [\u{FEFF}x, \"\\ufeffy\"]\n")
        let keys = members(node).map(\.key)
        #expect(keys == ["a", "\u{FEFF}sex", "\u{FEFF}age", "list"])
        #expect(members(node)[2].line == 3 && members(node)[2].column == 1)
        guard case .array(let elements) = members(node)[3].value.value else {
            Issue.record("list is not a list")
            return
        }
        #expect(elements.map(\.value) == [.string("\u{FEFF}x"), .string("\u{FEFF}y")])
        #expect(elements.map(\.column) == [8, 12])
    }

    @Test func aPlainScalarStartingWithAByteOrderMarkIsText() throws {
        #expect(try value("a: \u{FEFF}12\n") == .string("\u{FEFF}12"))
        #expect(try value("a: \u{FEFF}true\n") == .string("\u{FEFF}true"))
    }

    @Test func keepsNoncharactersThatAreInTheTextToo() throws {
        // Swift string literals cannot hold noncharacters.
        let fdd0 = String(Character(try #require(Unicode.Scalar(0xFDD0))))
        let fdd1 = String(Character(try #require(Unicode.Scalar(0xFDD1))))
        let node = try parse("a: \(fdd0)x\nb: \u{FEFF}y\nc: \(fdd1)\u{FEFF}\n")
        #expect(
            members(node).map(\.value.value) == [.string(fdd0 + "x"), .string("\u{FEFF}y"), .string(fdd1 + "\u{FEFF}")])
    }
}

extension YAMLDocumentParserTests {
    @Test func tellsWhichPlainScalarsReadBackAsText() {
        for text in ["pneumonia", "E_53", "2026-11", "yes", "on", "nan", "1.2.3"] {
            #expect(YAMLDocumentParser.readsAsText(plain: text), "\(text)")
        }
        for text in ["", "~", "null", "NULL", "true", "False", "12", "-3.5", "1e3", "0x1F", "0o17", ".inf", ".NaN", "2026.11"] {
            #expect(!YAMLDocumentParser.readsAsText(plain: text), "\(text)")
        }
    }
}
