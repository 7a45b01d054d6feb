/// The one ranking of a differential (docs/model-format.md): probability descending, and probabilities
/// within ``tieTolerance`` of each other are ties, ranked by condition code ascending.
public enum DifferentialRanking {
    /// Probabilities closer than this (absolute) are ties: 1e-12.
    public static let tieTolerance = 1e-12

    /// Ranks a differential.
    ///
    /// Closeness is not transitive, so ties are grouped deterministically: after sorting by
    /// probability descending, a group starts at the highest remaining probability `p` and takes
    /// every following entry whose probability is at least `p − 1e-12`; each group is ordered by
    /// code (byte-wise UTF-8 order). The result does not depend on the input's order. Entries
    /// whose probability is not finite (which ``ProcessModelAdapter`` never lets through) go last,
    /// by code.
    ///
    /// - Complexity: O(n log n).
    public static func rank(_ differential: [RankedCondition]) -> [RankedCondition] {
        guard differential.count > 1 else { return differential }
        let finite = differential.filter { $0.probability.isFinite }
        let other = differential.filter { !$0.probability.isFinite }.sorted(by: codeOrder)
        let sorted = finite.sorted { left, right in
            if left.probability != right.probability { return left.probability > right.probability }
            return codeOrder(left, right)
        }
        var ranked: [RankedCondition] = []
        ranked.reserveCapacity(differential.count)
        var start = 0
        while start < sorted.count {
            let top = sorted[start].probability
            var end = start + 1
            while end < sorted.count, top - sorted[end].probability <= tieTolerance { end += 1 }
            if end - start == 1 {
                ranked.append(sorted[start])
            } else {
                ranked.append(contentsOf: sorted[start..<end].sorted(by: codeOrder))
            }
            start = end
        }
        ranked.append(contentsOf: other)
        return ranked
    }

    /// Condition codes in ascending byte-wise order.
    private static func codeOrder(_ left: RankedCondition, _ right: RankedCondition) -> Bool {
        left.condition.utf8.lexicographicallyPrecedes(right.condition.utf8)
    }
}
