/// A strict JSON parser (RFC 8259) that records the line and column of every value.
///
/// Foundation's `JSONSerialization` gives no positions and accepts duplicate keys; this parser
/// gives both the position of every value and an error for a duplicate key, a trailing comma, a
/// raw control character in a string, or nesting beyond the limit.
///
/// - Complexity: O(n) in the input's length.
public struct JSONDocumentParser {
    private let bytes: [UInt8]
    private var index: Int
    private let end: Int
    private var line: Int
    private var lineStart: Int
    private let maxDepth: Int

    /// Parses one JSON value spanning `bytes[range]`, whose first byte is at `line`, column 1.
    ///
    /// The bytes must already be valid UTF-8 (see ``TextInput``).
    ///
    /// - Throws: ``DocumentSyntaxError`` with the line and column of the first problem.
    public static func parse(
        _ bytes: [UInt8], range: Range<Int>? = nil, firstLine: Int = 1, maxDepth: Int = 200
    ) throws(DocumentSyntaxError) -> SourceNode {
        let range = range ?? 0..<bytes.count
        var parser = JSONDocumentParser(
            bytes: bytes, index: range.lowerBound, end: range.upperBound, line: firstLine,
            lineStart: range.lowerBound, maxDepth: maxDepth, countedIndex: range.lowerBound, countedColumn: 1)
        parser.skipWhitespace()
        guard parser.index < parser.end else {
            throw DocumentSyntaxError("expected a JSON value, found the end of the input", line: firstLine, column: 1)
        }
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < parser.end {
            throw parser.error("unexpected text after the JSON value")
        }
        return node
    }

    // MARK: Positions

    /// Where column counting last stopped on the current line (columns count Unicode scalars;
    /// counting resumes from here, so a long one-line document stays linear).
    private var countedIndex: Int
    private var countedColumn: Int

    private mutating func column() -> Int {
        if countedIndex < lineStart || countedIndex > index {
            countedIndex = lineStart
            countedColumn = 1
        }
        while countedIndex < index {
            if bytes[countedIndex] & 0xC0 != 0x80 { countedColumn += 1 }
            countedIndex += 1
        }
        return countedColumn
    }

    private mutating func error(_ message: String) -> DocumentSyntaxError {
        DocumentSyntaxError(message, line: line, column: column())
    }

    private func describeCurrent() -> String {
        guard index < end else { return "the end of the input" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(TextInput.hex(byte))"
    }

    // MARK: Grammar

    private mutating func skipWhitespace() {
        while index < end {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D:
                index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default:
                return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(DocumentSyntaxError) -> SourceNode {
        let startLine = line
        let startColumn = column()
        guard index < end else { throw error("expected a JSON value, found the end of the input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return SourceNode(try parseObject(depth: depth + 1), line: startLine, column: startColumn)
        case UInt8(ascii: "["):
            return SourceNode(try parseArray(depth: depth + 1), line: startLine, column: startColumn)
        case UInt8(ascii: "\""):
            return SourceNode(.string(try parseString()), line: startLine, column: startColumn)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return SourceNode(.bool(true), line: startLine, column: startColumn)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return SourceNode(.bool(false), line: startLine, column: startColumn)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return SourceNode(.null, line: startLine, column: startColumn)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return SourceNode(.number(try parseNumber()), line: startLine, column: startColumn)
        default:
            if bytes[index] == UInt8(ascii: "N") || bytes[index] == UInt8(ascii: "I") {
                throw error("expected a JSON value, found \(describeCurrent()) (NaN and Infinity are not JSON)")
            }
            throw error("expected a JSON value, found \(describeCurrent())")
        }
    }

    private mutating func expectLiteral(_ literal: String) throws(DocumentSyntaxError) {
        let expected = Array(literal.utf8)
        let count = expected.count
        let matches = index + count <= end && (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        guard matches else { throw error("expected a JSON value, found \(describeCurrent())") }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(DocumentSyntaxError) -> SourceNode.Value {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1  // {
        var members: [SourceNode.Member] = []
        var seen: Set<String> = []
        skipWhitespace()
        if index < end && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: "\"") else {
                if index < end && bytes[index] == UInt8(ascii: "}") {
                    throw error("trailing comma before '}'")
                }
                throw error("expected a key in double quotes, found \(describeCurrent())")
            }
            let keyLine = line
            let keyColumn = column()
            let key = try parseString()
            if !seen.insert(key).inserted {
                throw DocumentSyntaxError("duplicate key \(quoted(key))", line: keyLine, column: keyColumn)
            }
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key, found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(SourceNode.Member(key: key, line: keyLine, column: keyColumn, value: value))
            skipWhitespace()
            guard index < end else { throw error("expected ',' or '}', found the end of the input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            throw error("expected ',' or '}', found \(describeCurrent())")
        }
    }

    private mutating func parseArray(depth: Int) throws(DocumentSyntaxError) -> SourceNode.Value {
        if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1  // [
        var elements: [SourceNode] = []
        skipWhitespace()
        if index < end && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if index < end && bytes[index] == UInt8(ascii: "]") {
                throw error("trailing comma before ']'")
            }
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < end else { throw error("expected ',' or ']', found the end of the input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            throw error("expected ',' or ']', found \(describeCurrent())")
        }
    }

    private mutating func parseString() throws(DocumentSyntaxError) -> String {
        index += 1  // opening quote
        var buffer: [UInt8] = []
        let runStart = index
        // Fast path: no escapes.
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[runStart..<index], as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        buffer.append(contentsOf: bytes[runStart..<index])
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < end else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                        else { throw error("unpaired UTF-16 surrogate in \\u escape") }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw error("unpaired UTF-16 surrogate in \\u escape")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw error("unpaired UTF-16 surrogate in \\u escape")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    buffer.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    index -= 1
                    throw error("invalid escape '\\\(Character(UnicodeScalar(escape)))' in string")
                }
            default:
                if byte < 0x20 {
                    if byte == 0x0A { throw error("unterminated string (a line break inside quotes)") }
                    throw error("control character 0x\(TextInput.hex(byte)) inside a string; escape it")
                }
                buffer.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws(DocumentSyntaxError) -> UInt32 {
        guard index + 4 <= end else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(DocumentSyntaxError) -> SourceNode.Number {
        let start = index
        let startColumn = column()
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, isDigit(bytes[index]) else { throw error("invalid number: expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < end && isDigit(bytes[index]) {
                throw error("invalid number: leading zeros are not allowed")
            }
        } else {
            while index < end && isDigit(bytes[index]) { index += 1 }
        }
        if index < end && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < end, isDigit(bytes[index]) else {
                throw error("invalid number: expected a digit after '.'")
            }
            while index < end && isDigit(bytes[index]) { index += 1 }
        }
        if index < end && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < end && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard index < end, isDigit(bytes[index]) else {
                throw error("invalid number: expected a digit in the exponent")
            }
            while index < end && isDigit(bytes[index]) { index += 1 }
        }
        let literal = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(literal), value.isFinite else {
            throw DocumentSyntaxError("number \(literal) is out of range", line: line, column: startColumn)
        }
        return SourceNode.Number(value: value, literal: literal)
    }
}
