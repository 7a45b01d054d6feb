import ClinvalCore

/// "Did you mean" for ids that users shorten as well as mistype (`top3_acc`, `bank`).
enum NameSuggestion {
    /// The known name closest by edit distance (``Suggestions/closest(to:in:)``); failing that, the
    /// only known name that contains `name` (ignoring case), if `name` has at least three
    /// characters.
    static func likely(for name: String, in known: [String]) -> String? {
        if let close = Suggestions.closest(to: name, in: known) { return close }
        let lowered = name.lowercased()
        guard lowered.count >= 3 else { return nil }
        let containing = known.filter { $0.lowercased().contains(lowered) }
        return containing.count == 1 ? containing.first : nil
    }
}
