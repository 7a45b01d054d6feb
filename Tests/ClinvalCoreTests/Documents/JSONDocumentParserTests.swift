import Testing

@testable import ClinvalCore

@Suite struct JSONDocumentParserTests {
    private func parse(_ text: String) throws(DocumentSyntaxError) -> SourceNode {
        try JSONDocumentParser.parse(Array(text.utf8))
    }

    private func syntaxError(_ text: String) -> DocumentSyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func recordsLineAndColumnOfEveryValue() throws {
        let node = try parse("{\n  \"a\": [1, true],\n  \"b\": {\"c\": null}\n}")
        guard case .object(let members) = node.value else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key) == ["a", "b"])
        #expect((members[0].line, members[0].column) == (2, 3))
        #expect((members[0].value.line, members[0].value.column) == (2, 8))
        guard case .array(let elements) = members[0].value.value else {
            Issue.record("expected an array")
            return
        }
        #expect((elements[1].line, elements[1].column) == (2, 12))
        #expect(elements[1].value == .bool(true))
        #expect((members[1].value.line, members[1].value.column) == (3, 8))
    }

    @Test func countsColumnsInUnicodeScalars() throws {
        let node = try parse("{\"é€\": \"😀\", \"x\": 1}")
        guard case .object(let members) = node.value else {
            Issue.record("expected an object")
            return
        }
        // {"é€": "😀", "x": 1}  -> "x" starts at column 13 counted in scalars.
        #expect(members[1].column == 13)
        #expect(members[0].value.value == .string("😀"))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let node = try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(node.value == .string("a\"b\\c/d\n\té😀"))
    }

    @Test func keepsNumberLiterals() throws {
        let node = try parse("[0, -1.5, 2e-3, 10]")
        guard case .array(let elements) = node.value else {
            Issue.record("expected an array")
            return
        }
        let numbers = elements.compactMap { element -> SourceNode.Number? in
            if case .number(let number) = element.value { return number }
            return nil
        }
        #expect(numbers.map(\.literal) == ["0", "-1.5", "2e-3", "10"])
        #expect(numbers.map(\.value) == [0, -1.5, 0.002, 10])
        #expect(numbers.map(\.exactInteger) == [0, nil, nil, 10])
    }

    @Test func rejectsDuplicateKeysAtTheDuplicate() {
        let error = syntaxError("{\"a\": 1,\n \"a\": 2}")
        #expect(error?.description == "2:2: duplicate key \"a\"")
    }

    @Test func rejectsTrailingCommas() {
        #expect(syntaxError("{\"a\": 1,}")?.description == "1:9: trailing comma before '}'")
        #expect(syntaxError("[1, 2,]")?.description == "1:7: trailing comma before ']'")
    }

    @Test func rejectsNaNAndLeadingZeros() {
        #expect(
            syntaxError("{\"p\": NaN}")?.description
                == "1:7: expected a JSON value, found 'N' (NaN and Infinity are not JSON)")
        #expect(syntaxError("[01]")?.description == "1:3: invalid number: leading zeros are not allowed")
        #expect(syntaxError("[1e999]")?.description == "1:2: number 1e999 is out of range")
    }

    @Test func rejectsControlCharactersAndUnterminatedStrings() {
        #expect(syntaxError("[\"a\u{01}\"]")?.description == "1:4: control character 0x01 inside a string; escape it")
        #expect(syntaxError("[\"abc")?.description == "1:6: unterminated string")
        #expect(syntaxError("[\"a\nb\"]")?.description == "1:4: unterminated string (a line break inside quotes)")
    }

    @Test func rejectsTextAfterTheValueAndEmptyInput() {
        #expect(syntaxError("{} {}")?.description == "1:4: unexpected text after the JSON value")
        #expect(syntaxError("  ")?.description == "1:1: expected a JSON value, found the end of the input")
    }

    @Test func rejectsDeepNestingWithoutRecursingForever() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(syntaxError(deep)?.message == "nesting deeper than 200 levels")
    }

    @Test func parsesARangeWithALineOffset() throws {
        let bytes = Array("xx\n{\"a\": [1,\n 2]}".utf8)
        let node = try JSONDocumentParser.parse(bytes, range: 3..<bytes.count, firstLine: 7)
        #expect((node.line, node.column) == (7, 1))
        guard case .object(let members) = node.value, case .array(let elements) = members[0].value.value else {
            Issue.record("expected an object holding an array")
            return
        }
        #expect((elements[1].line, elements[1].column) == (8, 2))
    }

    @Test func columnsStayLinearOnALongSingleLine() throws {
        // 200,000 values on one line: quadratic column counting would take minutes.
        let text = "[" + Array(repeating: "0.5", count: 200_000).joined(separator: ",") + "]"
        let node = try parse(text)
        guard case .array(let elements) = node.value else {
            Issue.record("expected an array")
            return
        }
        #expect(elements.count == 200_000)
        #expect(elements.last?.column == 1 + 4 * 199_999 + 1)
    }
}
