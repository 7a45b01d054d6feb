import ClinvalCore

/// A bank file's bytes, with where each line starts, for editing values in place: turns the
/// line and column of a ``SourceNode`` into a byte offset and finds where a written value ends.
///
/// Lines are split as the parser that gave the positions splits them, so that a line number means
/// the same line: JSON Lines at line feeds only; YAML at every YAML line break (`\n`, `\r\n`,
/// `\r`, and U+0085, U+2028 and U+2029, which libyaml counts too). Columns count Unicode scalars
/// from 1, as both parsers do.
struct SourceText {
    /// The file's bytes.
    let bytes: [UInt8]
    /// The offset of the first byte of each line; `lineStarts[0]` is 0.
    private(set) var lineStarts: [Int] = [0]
    /// The offset where each line's break starts (the file's end for the last line).
    private(set) var contentEnds: [Int] = []

    /// Splits `bytes` into lines, at line feeds only (`yamlBreaks: false`) or at every YAML line break.
    init(_ bytes: [UInt8], yamlBreaks: Bool) {
        self.bytes = bytes
        var index = 0
        while index < bytes.count {
            let width = Self.breakWidth(bytes, at: index, yaml: yamlBreaks)
            if width > 0 {
                contentEnds.append(index)
                index += width
                lineStarts.append(index)
            } else {
                index += 1
            }
        }
        contentEnds.append(bytes.count)
    }

    /// How many bytes the line break at `index` takes, or 0 when there is none.
    static func breakWidth(_ bytes: [UInt8], at index: Int, yaml: Bool) -> Int {
        let byte = bytes[index]
        if byte == 0x0A { return 1 }
        guard yaml else { return 0 }
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        if byte == 0x0D { return next == 0x0A ? 2 : 1 }
        if byte == 0xC2 && next == 0x85 { return 2 }
        if byte == 0xE2 && next == 0x80 && index + 2 < bytes.count && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) {
            return 3
        }
        return 0
    }

    /// The number of lines (a final line break starts an empty last line).
    var lineCount: Int { lineStarts.count }

    /// The offset of the first byte of 1-based `line`.
    func start(ofLine line: Int) -> Int { lineStarts[line - 1] }

    /// The offset just past the content of 1-based `line`: where its line break starts.
    func contentEnd(ofLine line: Int) -> Int { contentEnds[line - 1] }

    /// The line break ending 1-based `line` (empty for the last line).
    func lineBreak(ofLine line: Int) -> String {
        guard line < lineStarts.count else { return "" }
        return text(contentEnds[line - 1]..<lineStarts[line])
    }

    /// The 1-based line holding `offset`.
    func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// The offset of 1-based `column` (Unicode scalars) on 1-based `line`.
    func offset(line: Int, column: Int) -> Int {
        var offset = start(ofLine: line)
        var scalars = 1
        while scalars < column && offset < bytes.count {
            offset += 1
            while offset < bytes.count && bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            scalars += 1
        }
        return offset
    }

    /// The offset where `node` starts.
    func offset(of node: SourceNode) -> Int { offset(line: node.line, column: node.column) }

    /// The offset where a member's key starts.
    func offset(of member: SourceNode.Member) -> Int { offset(line: member.line, column: member.column) }

    /// The bytes from `range` as text.
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    // MARK: Where a written value ends

    /// The end of a double-quoted string starting at `start` (JSON, or YAML's `"…"`): the offset
    /// past its closing quote, or `nil` if it is not closed.
    func endOfDoubleQuoted(from start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    /// The end of a YAML single-quoted string starting at `start` (`''` is a quote inside it).
    func endOfSingleQuoted(from start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "'") {
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "'") {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// The end of a flow collection (`[…]` or `{…}`) starting at `start`: past its closing
    /// bracket. Strings are skipped; with `yamlComments`, so is a `#` comment after white space.
    func endOfFlow(from start: Int, yamlComments: Bool) -> Int? {
        var depth = 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                index += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                index += 1
                if depth == 0 { return index }
            case UInt8(ascii: "\""):
                guard let end = endOfDoubleQuoted(from: index) else { return nil }
                index = end
            case UInt8(ascii: "'") where yamlComments:
                guard let end = endOfSingleQuoted(from: index) else { return nil }
                index = end
            case UInt8(ascii: "#") where yamlComments && index > 0 && Self.isBlank(bytes[index - 1]):
                while index < bytes.count && bytes[index] != 0x0A && bytes[index] != 0x0D { index += 1 }
            default:
                index += 1
            }
        }
        return nil
    }

    /// The end of the run of code characters (`[A-Za-z0-9._-]`) starting at `start`.
    func endOfCode(from start: Int) -> Int {
        var index = start
        while index < bytes.count && Self.isCodeByte(bytes[index]) { index += 1 }
        return index
    }

    static func isCodeByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}

/// One change to a file's bytes: `range` replaced by `replacement` (an insertion when `range`
/// is empty).
struct TextEdit: Sendable, Hashable {
    /// The bytes replaced.
    var range: Range<Int>
    /// What replaces them.
    var replacement: [UInt8]

    init(_ range: Range<Int>, _ replacement: String) {
        self.range = range
        self.replacement = Array(replacement.utf8)
    }

    /// `bytes` with every edit made, or `nil` if two edits overlap.
    static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8]? {
        let sorted = edits.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 256)
        var position = 0
        for edit in sorted {
            guard edit.range.lowerBound >= position else { return nil }
            result.append(contentsOf: bytes[position..<edit.range.lowerBound])
            result.append(contentsOf: edit.replacement)
            position = edit.range.upperBound
        }
        result.append(contentsOf: bytes[position...])
        return result
    }
}
