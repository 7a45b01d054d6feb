import ClinvalCore
import Foundation
import Testing

@testable import ClinvalMetrics

struct BootstrapGeneratorTests {
    @Test func splitMixMatchesItsPublishedFirstOutput() {
        // SplitMix64 from state 0: first output 0xE220A8397B1DCDAF (Vigna's reference code).
        var state: UInt64 = 0
        #expect(Xoshiro256StarStar.splitMix(&state) == 0xE220_A839_7B1D_CDAF)
    }

    @Test func generatorMatchesTheReferenceScriptsReimplementation() throws {
        let reference = try MetricFixtures.reference().random
        var random = Xoshiro256StarStar(seed: reference.seed, stream: 1, replicate: 0)
        #expect((0..<4).map { _ in String(random.next()) } == reference.stream1Replicate0Next)
        var bounded = Xoshiro256StarStar(seed: reference.seed, stream: 2, replicate: 7)
        #expect((0..<20).map { _ in bounded.bounded(10) } == reference.stream2Replicate7Bounded10)
    }

    @Test func boundedStaysBelowTheBound() {
        var random = Xoshiro256StarStar(seed: 3, stream: 0, replicate: 0)
        #expect((0..<10_000).allSatisfy { _ in random.bounded(7) < 7 })
        #expect((0..<100).allSatisfy { _ in random.bounded(1) == 0 })
    }
}

struct PercentileTests {
    @Test func interpolatesLinearlyBetweenOrderStatisticsAsNumpyDoes() {
        // numpy.quantile([1, 2, 3, 4], [0.025, 0.975]) = [1.075, 3.925]
        let values: [Double] = [1, 2, 3, 4]
        #expect(abs((Percentile.linear(sorted: values, quantile: 0.025) ?? 0) - 1.075) < 1e-15)
        #expect(abs((Percentile.linear(sorted: values, quantile: 0.975) ?? 0) - 3.925) < 1e-15)
        #expect(Percentile.linear(sorted: values, quantile: 1) == 4)
        #expect(Percentile.linear(sorted: values, quantile: 0) == 1)
    }

    @Test func noValuesGiveNoIntervalAndOneValueADegenerateOne() {
        #expect(Percentile.interval95([]) == nil)
        #expect(Percentile.interval95([0.5]) == ConfidenceInterval(lower: 0.5, upper: 0.5))
    }
}

struct BootstrapEngineTests {
    private func run(threads: Int) async -> [[Double]] {
        await BootstrapEngine.replicates(populationSize: 50, resamples: 101, seed: 42, stream: 1, statisticCount: 2, threads: threads) {
            batch, output in
            for b in 0..<batch.size {
                let counts = batch.replicate(b)
                var sum = 0.0
                for (j, w) in counts.enumerated() { sum += Double(w) * Double(j) }
                output[2 * b] = sum / 50
                output[2 * b + 1] = counts[0] > 0 ? 1 : .nan
            }
        }
    }

    @Test func resultsDoNotDependOnTheNumberOfThreads() async {
        let one = await run(threads: 1)
        #expect(await one == run(threads: 2))
        #expect(await one == run(threads: 7))
    }

    @Test func undefinedReplicatesAreDroppedAndEachReplicateDrawsTheWholePopulation() async {
        let values = await run(threads: 2)
        #expect(values[0].count == 101)
        #expect(values[1].count < 101 && values[1].count > 0)
        let totals = await BootstrapEngine.replicates(populationSize: 9, resamples: 20, seed: 1, stream: 1, statisticCount: 1, threads: 1) {
            batch, output in
            for b in 0..<batch.size { output[b] = Double(batch.replicate(b).reduce(0, +)) }
        }
        #expect(totals == [Array(repeating: 9, count: 20)])
    }
}

struct LogisticRecalibrationTests {
    private func fits(_ pairs: [(Double, Bool)]) -> (slope: Double?, intercept: Double?) {
        var data = CalibrationPairs()
        data.appendVignette(pairs.map { (probability: $0.0, isGold: $0.1) })
        return [0].withUnsafeBufferPointer { members in
            let sample = LogisticRecalibration.Sample(pairs: data, members: members, weights: nil)
            return (LogisticRecalibration.fitSlope(sample)?.slope, LogisticRecalibration.fitOffsetIntercept(sample))
        }
    }

    @Test func quasiCompleteSeparationHasNoSlope() {
        // max x over y = 0 equals min x over y = 1.
        let result = fits([(0.2, false), (0.5, false), (0.5, true), (0.9, true)])
        #expect(result.slope == nil && result.intercept != nil)
    }

    @Test func oneClassHasNeitherFit() {
        let result = fits([(0.2, false), (0.5, false)])
        #expect(result.slope == nil && result.intercept == nil)
    }

    @Test func perfectlyCalibratedDataFitsSlopeOneInterceptZero() throws {
        // y = 1 in exactly a share p of the pairs at each p: the MLE is (0, 1).
        var pairs: [(Double, Bool)] = []
        for (p, ones, total) in [(0.2, 1, 5), (0.5, 2, 4), (0.75, 3, 4)] {
            for i in 0..<total { pairs.append((p, i < ones)) }
        }
        let result = fits(pairs)
        #expect(abs(try #require(result.slope) - 1) < 1e-12)
        #expect(abs(try #require(result.intercept)) < 1e-12)
    }

    @Test func probabilitiesAreClippedBeforeTheLogit() {
        #expect(CalibrationPairs.logit(0) == CalibrationPairs.logit(1e-6))
        #expect(abs(CalibrationPairs.logit(1) + CalibrationPairs.logit(0)) < 1e-9)
        #expect(abs(CalibrationPairs.logit(0) - log(1e-6 / (1 - 1e-6))) < 1e-15)
    }
}
