/// Checks on the raw bytes of a text input, made before any parser sees them.
///
/// Catches what parsers report badly or not at all: a byte order mark, UTF-16 text, invalid UTF-8
/// (with the line and column of the first bad byte) and lines over the length limit.
public enum TextInput {
    /// Throws if `bytes` is not clean UTF-8 text within `limits`.
    ///
    /// - Throws: ``DocumentSyntaxError`` naming the first problem and where it is.
    public static func check(_ bytes: [UInt8], limits: DocumentLimits) throws(DocumentSyntaxError) {
        if bytes.count > limits.maxFileBytes {
            throw DocumentSyntaxError(
                "file is \(bytes.count.byteCountDescription), over the \(limits.maxFileBytes.byteCountDescription) limit for this kind of file"
            )
        }
        try checkEncodingMarks(bytes)
        if let offset = firstInvalidUTF8(in: bytes) {
            let (line, column) = position(of: offset, in: bytes)
            throw DocumentSyntaxError(
                "invalid UTF-8 (byte 0x\(hex(bytes[offset]))); save the file as UTF-8", line: line, column: column)
        }
        if let maxLine = limits.maxLineBytes {
            try checkLineLengths(bytes, limit: maxLine)
        }
    }

    /// Throws on a byte order mark or UTF-16/UTF-32 text.
    static func checkEncodingMarks(_ bytes: [UInt8]) throws(DocumentSyntaxError) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw DocumentSyntaxError(
                "file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM", line: 1, column: 1)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || (bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0))
        {
            throw DocumentSyntaxError("file is UTF-16 or UTF-32 text; save it as UTF-8", line: 1, column: 1)
        }
    }

    /// Throws if a line is longer than `limit` bytes, without looking at its content.
    static func checkLineLengths(_ bytes: [UInt8], limit: Int) throws(DocumentSyntaxError) {
        var line = 1
        var start = 0
        var index = 0
        let count = bytes.count
        while index <= count {
            if index == count || bytes[index] == 0x0A {
                if index - start > limit {
                    throw DocumentSyntaxError(
                        "line is \((index - start).byteCountDescription) long, over the \(limit.byteCountDescription) limit",
                        line: line, column: 1)
                }
                line += 1
                start = index + 1
            }
            index += 1
        }
    }

    /// The offset of the first byte that is not part of valid UTF-8, or `nil`.
    public static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
            default: return index
            }
            if index + length > count { return index }
            for offset in 1..<length {
                let byte = bytes[index + offset]
                if byte & 0xC0 != 0x80 { return index }
                scalar = (scalar << 6) | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }

    /// The 1-based line and column (in Unicode scalars) of a byte offset.
    public static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = 0
        while index < offset && index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
