import ClinvalCore
import ClinvalMetrics

/// Builds HTML text; every piece of data goes through ``text(_:limit:)`` or ``attribute(_:)``.
struct HTMLBuilder {
    private(set) var output = ""

    /// Appends markup written by the writer itself (never data).
    mutating func raw(_ markup: String) {
        output += markup
    }

    /// Appends cleaned, escaped text on one line.
    mutating func text(_ text: String, limit: Int? = nil) {
        output += HTMLText.text(text, limit: limit)
    }

    /// Appends free text isolated in `<bdi>`, so right-to-left text cannot reorder what follows.
    mutating func isolated(_ text: String, limit: Int? = nil) {
        output += "<bdi>" + HTMLText.text(text, limit: limit) + "</bdi>"
    }

    /// An escaped attribute value (without quotes).
    static func attribute(_ text: String) -> String {
        HTMLText.text(text, limit: 300)
    }
}
