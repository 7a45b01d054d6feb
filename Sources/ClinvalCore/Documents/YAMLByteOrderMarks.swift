import Yams

/// Keeps the U+FEFF that reading YAML through Yams would drop from the start of a scalar.
///
/// Yams turns each scalar's bytes into a `String` with Foundation's `String(bytes:encoding:)`,
/// which takes leading bytes EF BB BF as a byte order mark and drops them: `sex: "\u{FEFF}male"`
/// (written raw, or as the escape `"\ufeffmale"`) would read as `male`, and a key `\u{FEFF}sex`
/// as `sex`. libyaml itself also skips a U+FEFF at the start of a line. The reader could then not
/// see, let alone report, the invisible character.
///
/// Two repairs, each made only for a document that needs it:
/// - each U+FEFF written as such is replaced, before parsing, by a noncharacter of the same
///   length in UTF-8 (U+FDD0, or the next of U+FDD0–U+FDEF that the document does not hold),
///   which neither Foundation nor libyaml treats specially, and put back in every scalar
///   afterwards; lines and columns do not move;
/// - a double-quoted scalar whose text starts with an escape for U+FEFF (`\ufeff`,
///   `\U0000FEFF`, also after escaped line breaks) gets it back, found from the scalar's position.
struct YAMLByteOrderMarks {
    /// The bytes to parse: the document with every U+FEFF replaced by ``sentinel``.
    let prepared: [UInt8]
    /// The document as written.
    private let original: [UInt8]
    /// What stands for U+FEFF in ``prepared``, if the document holds any U+FEFF.
    private let sentinel: Unicode.Scalar?
    /// Where each line starts (libyaml's lines), if the document holds an escape for U+FEFF.
    private let lineStarts: [Int]?

    /// Prepares `bytes`, which must be valid UTF-8.
    ///
    /// - Throws: ``DocumentSyntaxError`` at the first U+FEFF if the document holds every
    ///   candidate noncharacter too (none is free to stand for it).
    init(_ bytes: [UInt8]) throws(DocumentSyntaxError) {
        original = bytes
        var marks: [Int] = []
        var usedSentinels: UInt32 = 0
        var hasEscapes = false
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == 0xEF, index + 2 < count {
                if bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF {
                    marks.append(index)
                } else if bytes[index + 1] == 0xB7, (0x90...0xAF).contains(bytes[index + 2]) {
                    usedSentinels |= 1 << UInt32(bytes[index + 2] - 0x90)
                }
            } else if byte == UInt8(ascii: "\\"), !hasEscapes, Self.isEscapedMark(in: bytes, at: index) {
                hasEscapes = true
            }
            index += 1
        }
        if marks.isEmpty {
            sentinel = nil
            prepared = bytes
        } else {
            guard let free = (0..<32).first(where: { usedSentinels & (1 << UInt32($0)) == 0 }) else {
                let (line, column) = TextInput.position(of: marks[0], in: bytes)
                throw DocumentSyntaxError(
                    "invisible character U+FEFF in the text; remove it", line: line, column: column)
            }
            sentinel = Unicode.Scalar(UInt32(0xFDD0 + free))
            var replaced = bytes
            for offset in marks {
                replaced[offset + 1] = 0xB7
                replaced[offset + 2] = 0x90 + UInt8(free)
            }
            prepared = replaced
        }
        lineStarts = hasEscapes ? Self.lineStarts(of: bytes) : nil
    }

    /// The text of a scalar (a value or a key) as written, with its U+FEFF characters.
    func text(of scalar: Node.Scalar) -> String {
        var text = scalar.string
        if let sentinel, text.unicodeScalars.contains(sentinel) {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text.unicodeScalars.lazy.map { $0 == sentinel ? "\u{FEFF}" : $0 })
            text = String(scalars)
        }
        if lineStarts != nil, scalar.style == .doubleQuoted, let mark = scalar.mark, startsWithEscapedMark(mark) {
            // Foundation dropped exactly one leading U+FEFF.
            text = "\u{FEFF}" + text
        }
        return text
    }

    // MARK: Escapes

    /// Whether the double-quoted scalar whose opening quote is at `mark` starts with an escape
    /// for U+FEFF, after any escaped line breaks (each with the blanks that follow it).
    private func startsWithEscapedMark(_ mark: Mark) -> Bool {
        guard let quote = offset(of: mark), quote < original.count, original[quote] == UInt8(ascii: "\"") else {
            return false
        }
        var index = quote + 1
        while index < original.count, original[index] == UInt8(ascii: "\\") {
            let length = Self.lineBreakLength(in: original, at: index + 1)
            guard length > 0 else { break }
            index += 1 + length
            while index < original.count, original[index] == UInt8(ascii: " ") || original[index] == UInt8(ascii: "\t") {
                index += 1
            }
        }
        return Self.isEscapedMark(in: original, at: index)
    }

    /// Whether `bytes` hold `\uFEFF` or `\U0000FEFF` (hex digits in either case) at `index`.
    private static func isEscapedMark(in bytes: [UInt8], at index: Int) -> Bool {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\") else { return false }
        let digits: Int
        switch bytes[index + 1] {
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default: return false
        }
        guard index + 2 + digits <= bytes.count else { return false }
        var value: UInt32 = 0
        for byte in bytes[(index + 2)..<(index + 2 + digits)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return false
            }
            value = value << 4 | UInt32(digit)
        }
        return value == 0xFEFF
    }

    // MARK: Positions

    /// The byte offset of a mark (1-based line, column in Unicode scalars), or `nil`.
    private func offset(of mark: Mark) -> Int? {
        guard let lineStarts, mark.line >= 1, mark.line <= lineStarts.count, mark.column >= 1 else { return nil }
        var index = lineStarts[mark.line - 1]
        var column = 1
        while column < mark.column, index < original.count {
            index += 1
            while index < original.count, original[index] & 0xC0 == 0x80 { index += 1 }
            column += 1
        }
        return index
    }

    /// The byte offsets where lines start, with libyaml's line breaks: CR LF, CR, LF, NEL, LS, PS.
    private static func lineStarts(of bytes: [UInt8]) -> [Int] {
        var starts = [0]
        var index = 0
        while index < bytes.count {
            let length = lineBreakLength(in: bytes, at: index)
            if length > 0 {
                index += length
                starts.append(index)
            } else {
                index += 1
            }
        }
        return starts
    }

    /// The length in bytes of the line break at `index`, or 0 if there is none.
    private static func lineBreakLength(in bytes: [UInt8], at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        switch bytes[index] {
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0x0A: return 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80 else { return 0 }
            return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 ? 3 : 0
        default: return 0
        }
    }
}
