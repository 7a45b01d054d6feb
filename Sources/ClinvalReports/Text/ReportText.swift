/// Makes text from banks, models and policies safe to print in XML and HTML.
///
/// - Removes characters XML 1.0 forbids (C0 controls except tab, line feed and carriage return;
///   U+FFFE and U+FFFF) and those HTML validators reject or that do nothing visible: DEL, the C1
///   controls, every Unicode noncharacter.
/// - Removes the bidirectional embedding, override and isolate controls (U+202A–U+202E,
///   U+2066–U+2069), so a right-to-left override inside a summary cannot reorder what follows it.
///   Right-to-left *letters* stay; the HTML report also isolates free text in `<bdi>`.
/// - Cuts text longer than a limit, at a character boundary, and appends a pointer.
///
/// Escaping for the markup itself is the writers' job (libxml2 for XML, ``HTMLText`` for HTML).
enum ReportText {
    /// `text` without forbidden and invisible control characters, cut to `limit` characters with
    /// `suffix` appended when it was longer.
    static func clean(_ text: String, limit: Int? = nil, suffix: String = "…") -> String {
        var scalars = String.UnicodeScalarView()
        var changed = false
        for scalar in text.unicodeScalars {
            if isAllowed(scalar) {
                scalars.append(scalar)
            } else {
                changed = true
            }
        }
        var result = changed ? String(scalars) : text
        if let limit, result.count > limit {
            result = String(result.prefix(max(0, limit))) + suffix
        }
        return result
    }

    /// `clean(_:limit:suffix:)` with runs of white space (line breaks included) folded to one space
    /// and the ends trimmed: for attributes, table cells and one-line messages.
    static func oneLine(_ text: String, limit: Int? = nil, suffix: String = "…") -> String {
        var folded = ""
        var pendingSpace = false
        for character in clean(text) {
            if character.isWhitespace {
                pendingSpace = !folded.isEmpty
            } else {
                if pendingSpace { folded.append(" ") }
                pendingSpace = false
                folded.append(character)
            }
        }
        if let limit, folded.count > limit {
            folded = String(folded.prefix(max(0, limit))) + suffix
        }
        return folded
    }

    /// Whether a scalar may appear in the outputs.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x09, 0x0A, 0x0D: return true
        case 0x00..<0x20, 0x7F...0x9F: return false
        case 0x202A...0x202E, 0x2066...0x2069: return false
        case 0xFDD0...0xFDEF: return false
        default: return value & 0xFFFE != 0xFFFE
        }
    }
}
