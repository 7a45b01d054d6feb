import Testing

@testable import ClinvalCore

@Suite struct Xoshiro256StarStarTests {
    @Test func sameSeedGivesSameStreamAndDifferentSeedsDiffer() {
        var first = Xoshiro256StarStar(seed: 42)
        var second = Xoshiro256StarStar(seed: 42)
        var other = Xoshiro256StarStar(seed: 43)
        let a = (0..<8).map { _ in first.next() }
        let b = (0..<8).map { _ in second.next() }
        let c = (0..<8).map { _ in other.next() }
        #expect(a == b)
        #expect(a != c)
    }

    @Test func streamIsPinnedAcrossMachines() {
        // Golden values: integer-only arithmetic, so every machine must reproduce them.
        var generator = Xoshiro256StarStar(seed: 0)
        let values = (0..<3).map { _ in generator.next() }
        #expect(values == Self.golden)
    }

    @Test func unitValuesLieInHalfOpenInterval() {
        var generator = Xoshiro256StarStar(seed: 7)
        for _ in 0..<10_000 {
            let u = generator.nextUnit()
            #expect(u >= 0 && u < 1)
        }
    }

    /// Checked against an independent implementation of SplitMix64 seeding and xoshiro256**.
    static let golden: [UInt64] = [11_091_344_671_253_066_420, 13_793_997_310_169_335_082, 1_900_383_378_846_508_768]
}
