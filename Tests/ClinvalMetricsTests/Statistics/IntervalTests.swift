import Testing

@testable import ClinvalMetrics

struct WilsonScoreIntervalTests {
    @Test func matchesStatsmodelsWilson() throws {
        for expected in try MetricFixtures.reference().wilson {
            let interval = WilsonScoreInterval.interval(successes: expected.x, trials: expected.n)
            #expect(agree(interval?.lower, expected.ci?.first, within: 1e-12), "\(expected.x)/\(expected.n)")
            #expect(agree(interval?.upper, expected.ci?.last, within: 1e-12), "\(expected.x)/\(expected.n)")
        }
    }

    @Test func usesTheContractsZ() {
        #expect(WilsonScoreInterval.z95 == 1.959963984540054)
    }

    @Test func noTrialsOrInconsistentCountsHaveNoInterval() {
        #expect(WilsonScoreInterval.interval(successes: 0, trials: 0) == nil)
        #expect(WilsonScoreInterval.interval(successes: 4, trials: 3) == nil)
        #expect(WilsonScoreInterval.interval(successes: -1, trials: 3) == nil)
    }

    @Test func boundsStayInsideZeroAndOne() throws {
        let none = try #require(WilsonScoreInterval.interval(successes: 0, trials: 7))
        let all = try #require(WilsonScoreInterval.interval(successes: 7, trials: 7))
        #expect(none.lower == 0 && all.upper == 1)
    }
}

struct ClopperPearsonTests {
    @Test func matchesScipysBetaQuantile() throws {
        for expected in try MetricFixtures.reference().clopperPearsonUpper {
            let upper = ClopperPearson.upperBound95(successes: expected.x, trials: expected.n)
            #expect(agree(upper, expected.upper, within: 1e-12), "\(expected.x)/\(expected.n)")
        }
    }

    @Test func incompleteBetaMatchesScipy() throws {
        for expected in try MetricFixtures.reference().incompleteBeta {
            let value = ClopperPearson.regularizedIncompleteBeta(expected.x, a: expected.a, b: expected.b)
            #expect(abs(value - expected.value) < 1e-13, "I_\(expected.x)(\(expected.a), \(expected.b))")
        }
    }

    @Test func allEventsGiveOneAndNoTrialsGiveNil() {
        #expect(ClopperPearson.upperBound95(successes: 5, trials: 5) == 1)
        #expect(ClopperPearson.upperBound95(successes: 0, trials: 0) == nil)
    }
}

struct NewcombePairedIntervalTests {
    @Test func matchesMethod10WrittenOutFromThePaper() throws {
        for expected in try MetricFixtures.reference().newcombe {
            let t = expected.table
            let interval = try #require(NewcombePairedInterval.interval(
                PairedTable(both: t[0], candidateOnly: t[1], baselineOnly: t[2], neither: t[3])))
            #expect(abs(interval.lower - expected.ci[0]) < 1e-12, "\(t)")
            #expect(abs(interval.upper - expected.ci[1]) < 1e-12, "\(t)")
        }
    }

    @Test func phiIsContinuityCorrectedTowardsZero() {
        // A = ad − bc = 36·0 − 12·2 = −24 < 0: φ = A/√(efgh)
        #expect(NewcombePairedInterval.correctedPhi(PairedTable(both: 36, candidateOnly: 12, baselineOnly: 2, neither: 0)) < 0)
        // A = 20·20 − 1·1 = 399 > n/2 = 21: φ = (A − n/2)/√(efgh)
        let strong = NewcombePairedInterval.correctedPhi(PairedTable(both: 20, candidateOnly: 1, baselineOnly: 1, neither: 20))
        #expect(abs(strong - (399 - 21) / (21.0 * 21 * 21 * 21).squareRoot()) < 1e-15)
        // A = 3·1 − 1·1 = 2 ≤ n/2 = 3: φ = 0
        #expect(NewcombePairedInterval.correctedPhi(PairedTable(both: 3, candidateOnly: 1, baselineOnly: 1, neither: 1)) == 0)
    }

    @Test func anEmptyTableHasNoInterval() {
        #expect(NewcombePairedInterval.interval(PairedTable(both: 0, candidateOnly: 0, baselineOnly: 0, neither: 0)) == nil)
    }
}

struct McNemarExactTestTests {
    @Test func matchesScipyBinomtest() throws {
        for expected in try MetricFixtures.reference().mcnemar {
            let p = try #require(McNemarExactTest.pValue(candidateOnly: expected.b, baselineOnly: expected.c))
            #expect(abs(p - expected.p) < 1e-12 * max(1, expected.p), "b \(expected.b) c \(expected.c)")
        }
    }

    @Test func noDiscordantPairsGiveOne() {
        #expect(McNemarExactTest.pValue(candidateOnly: 0, baselineOnly: 0) == 1)
    }
}
