import ClinvalCore
import Testing

@Suite struct DifferentialRankingTests {
    private func codes(_ entries: [RankedCondition]) -> [String] {
        entries.map(\.condition)
    }

    @Test func ranksByProbabilityDescending() {
        let ranked = DifferentialRanking.rank([
            RankedCondition(condition: "a", probability: 0.1),
            RankedCondition(condition: "b", probability: 0.7),
            RankedCondition(condition: "c", probability: 0.3),
        ])
        #expect(codes(ranked) == ["b", "c", "a"])
    }

    @Test func equalProbabilitiesAreRankedByCodeAscending() {
        let ranked = DifferentialRanking.rank([
            RankedCondition(condition: "zeta", probability: 0.25),
            RankedCondition(condition: "alpha", probability: 0.25),
            RankedCondition(condition: "Mid", probability: 0.25),
        ])
        #expect(codes(ranked) == ["Mid", "alpha", "zeta"])
    }

    @Test func probabilitiesWithin1e12AreTies() {
        let ranked = DifferentialRanking.rank([
            RankedCondition(condition: "b", probability: 0.5 + 5e-13),
            RankedCondition(condition: "a", probability: 0.5),
            RankedCondition(condition: "c", probability: 0.5 + 1e-11),
        ])
        #expect(codes(ranked) == ["c", "a", "b"])
    }

    @Test func tieGroupsStartAtTheHighestProbability() {
        // a~b and b~c are within 1e-12, a and c are not: the group is anchored at the top (c).
        let ranked = DifferentialRanking.rank([
            RankedCondition(condition: "c", probability: 0.5 + 1.6e-12),
            RankedCondition(condition: "b", probability: 0.5 + 0.8e-12),
            RankedCondition(condition: "a", probability: 0.5),
        ])
        #expect(codes(ranked) == ["b", "c", "a"])
    }

    @Test func resultDoesNotDependOnInputOrder() {
        let entries = (0..<40).map {
            RankedCondition(condition: "k\($0)", probability: Double($0 % 5) / 4 + Double($0 % 3) * 4e-13)
        }
        let expected = DifferentialRanking.rank(entries)
        for seed in 1...5 {
            var generator = SeededGenerator(seed: UInt64(seed))
            #expect(DifferentialRanking.rank(entries.shuffled(using: &generator)) == expected)
        }
    }
}

/// A small deterministic generator for shuffles in tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
