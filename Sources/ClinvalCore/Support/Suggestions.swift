/// "Did you mean" suggestions for mistyped names, by edit distance.
public enum Suggestions {
    /// For ids that users shorten as well as mistype (`top3_acc`, `bank`): the known name closest
    /// by edit distance (``closest(to:in:)``); failing that, the only known name that contains
    /// `name` (ignoring case), if `name` has at least three characters.
    public static func likely(for name: String, in known: [String]) -> String? {
        if let close = closest(to: name, in: known) { return close }
        let lowered = name.lowercased()
        guard lowered.count >= 3 else { return nil }
        let containing = known.filter { $0.lowercased().contains(lowered) }
        return containing.count == 1 ? containing.first : nil
    }

    /// The known name closest to `name`, if it is close enough to be a likely typo: an edit
    /// distance of at most 2 and at most a third of the name's length, or equal ignoring case.
    public static func closest(to name: String, in known: [String]) -> String? {
        var best: (name: String, distance: Int)?
        let lowered = name.lowercased()
        for candidate in known {
            if candidate.lowercased() == lowered { return candidate }
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(2, (max(name.count, best.name.count) + 1) / 3))
        return best.distance <= allowed ? best.name : nil
    }

    /// The Levenshtein distance between two strings, in characters.
    ///
    /// - Complexity: O(m·n) time, O(n) memory.
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
