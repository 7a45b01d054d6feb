/// Quotes a short value (a key, a code, a word) for a message: `"urgnt"`, with control characters,
/// invisible format characters (``InvisibleCharacters``: `\u{feff}`), quotes and backslashes
/// escaped, and anything past `limit` characters cut with `…`.
///
/// - Important: Use it for codes and keys only; never pass vignette text to a message.
public func quoted(_ text: String, limit: Int = 60) -> String {
    var result = "\""
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit {
            result += "…"
            break
        }
        count += 1
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || InvisibleCharacters.contains(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}
