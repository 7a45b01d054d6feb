/// The invisible format characters that no identifier, code or enumerated value may hold: the
/// byte order mark (U+FEFF), the zero-width characters (U+200B space, U+200C non-joiner, U+200D
/// joiner, U+2060 word joiner) and the bidirectional controls (U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069, U+061C).
///
/// They print as nothing, so `"\u{FEFF}male"` looks like `male` in an editor and in a message;
/// readers reject them in identifiers with their code points (``DocumentReader``) and
/// ``quoted(_:limit:)`` escapes them. Free text (a summary, a label) may hold them.
public enum InvisibleCharacters {
    /// Whether `scalar` is one of the invisible format characters.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFEFF, 0x200B...0x200F, 0x2060, 0x202A...0x202E, 0x2066...0x2069, 0x061C: true
        default: false
        }
    }

    /// The distinct invisible characters in `text`, in order of first appearance.
    public static func found(in text: String) -> [Unicode.Scalar] {
        // Every one of them is outside ASCII: most identifiers need no more than this scan.
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return [] }
        var found: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars where contains(scalar) && !found.contains(scalar) {
            found.append(scalar)
        }
        return found
    }

    /// `text` without its invisible characters.
    public static func removing(from text: String) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: text.unicodeScalars.lazy.filter { !contains($0) })
        return String(result)
    }

    /// The code point as Unicode writes it: `U+FEFF`, `U+061C`.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The error for text that holds invisible characters, or `nil` if it holds none:
    /// `invisible character U+FEFF in "\u{feff}male"; did you mean "male"?`, with the suggestion
    /// only when the text without them is accepted by `isValid`.
    ///
    /// - Parameter noun: what the text is, before the quoted value (`key`), or `nil`.
    public static func message(for text: String, noun: String? = nil, isValid: (String) -> Bool) -> String? {
        let found = found(in: text)
        guard !found.isEmpty else { return nil }
        let names = found.map(codePoint).joined(separator: ", ")
        var message = "invisible character\(found.count == 1 ? "" : "s") \(names) in "
        if let noun { message += noun + " " }
        message += quoted(text)
        let without = removing(from: text)
        if !without.isEmpty, isValid(without) {
            message += "; did you mean \(quoted(without))?"
        }
        return message
    }
}
