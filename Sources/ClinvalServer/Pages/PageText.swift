import ClinvalCore

/// Text from banks, models and users made safe to show before Mustache escapes it for HTML.
///
/// Escaping makes markup inert; it does not make bidirectional controls or other invisible
/// characters visible, and those can reorder what a reader sees (a criterion, a name). Each
/// invisible character and each control character becomes its code point in brackets
/// (`[U+202E]`), so the page shows that it was there.
enum PageText {
    /// `text` with invisible and control characters shown as their code points.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsShowing) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if needsShowing(scalar) {
                result += "[" + InvisibleCharacters.codePoint(scalar) + "]"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsShowing(_ scalar: Unicode.Scalar) -> Bool {
        InvisibleCharacters.contains(scalar) || scalar.properties.generalCategory == .control
            || (0x2028...0x2029).contains(scalar.value)
    }

    /// A value for a URL path segment: only unreserved characters stay as they are.
    static func pathSegment(_ text: String) -> String {
        let allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
        let set = Set(allowed.unicodeScalars)
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, set.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
