import Foundation

/// The JSON array texts of the `*_json` columns: written by hand (fast, stable: no spaces, input
/// order), read with `JSONDecoder`.
enum JSONList {
    /// `["a","b"]`, with JSON escapes.
    static func encode(_ values: [String]) -> String {
        // Codes and tags rarely need escapes: join them directly when none does.
        if values.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") } }) {
            return values.isEmpty ? "[]" : "[\"" + values.joined(separator: "\",\"") + "\"]"
        }
        var text = "["
        for (offset, value) in values.enumerated() {
            if offset > 0 { text += "," }
            text += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        text.unicodeScalars.append(scalar)
                    }
                }
            }
            text += "\""
        }
        return text + "]"
    }

    /// Decodes an array of strings; `[]` is the common case and skips the decoder.
    static func decode(_ text: String, decoder: JSONDecoder) throws -> [String] {
        if text == "[]" { return [] }
        return try decoder.decode([String].self, from: Data(text.utf8))
    }
}
