import ClinvalCore
import Foundation

/// The multiplicities of a few bootstrap replicates: for replicate b of the batch, how often each
/// population member was drawn.
///
/// Counts are stored replicate after replicate, so that drawing one replicate touches one
/// contiguous block and a statistic can read every replicate of the batch in a single pass over
/// the members (each member's data is loaded once per batch, not once per replicate).
package struct CountBatch {
    /// The counts of all replicates of the batch, `populationSize` each.
    package let counts: UnsafeBufferPointer<UInt32>
    /// The number of replicates in the batch.
    package let size: Int
    /// m, the population size.
    package let populationSize: Int

    /// The counts of replicate b (0 ≤ b < size).
    @inline(__always)
    package func replicate(_ b: Int) -> UnsafeBufferPointer<UInt32> {
        UnsafeBufferPointer(rebasing: counts[(b * populationSize)..<((b + 1) * populationSize)])
    }

    /// A batch of one replicate.
    package init(single counts: UnsafeBufferPointer<UInt32>) {
        self.counts = counts
        size = 1
        populationSize = counts.count
    }

    init(counts: UnsafeBufferPointer<UInt32>, size: Int, populationSize: Int) {
        self.counts = counts
        self.size = size
        self.populationSize = populationSize
    }

    /// Calls `body` with a batch of one replicate in which every member appears once (the
    /// sample itself).
    package static func withIdentity<Result>(populationSize: Int, _ body: (CountBatch) -> Result) -> Result {
        let ones = [UInt32](repeating: 1, count: populationSize)
        return ones.withUnsafeBufferPointer { body(CountBatch(single: $0)) }
    }
}

/// Runs bootstrap replicates in parallel without copying the data: each replicate is a vector of
/// multiplicities (how often each population member was drawn), and a statistic reads the
/// population through those counts.
///
/// Replicate r (0-based) of a population of size m draws m indices in `0..<m` with
/// ``Xoshiro256StarStar`` keyed by (seed, stream, r) and counts them. Replicates are split into
/// contiguous ranges, one child task each (as many as the available cores), and handed to the
/// statistic in batches of ``batchSize``; since every replicate has its own generator, its own
/// counts and its own result slot, the results depend neither on the number of tasks nor on the
/// batching.
///
/// - Complexity: O(resamples × (m + cost of the statistic)) time; memory
///   O(batchSize × m) per task for the counts plus `resamples × statistics` doubles for the
///   results.
package enum BootstrapEngine {
    /// Replicates handed to a statistic at once.
    package static let batchSize = 8

    /// The replicate values of `statisticCount` statistics.
    ///
    /// - Parameters:
    ///   - populationSize: m, the number of members resampled (with replacement, m draws).
    ///   - resamples: the number of replicates.
    ///   - seed: the policy's seed.
    ///   - stream: a number separating independent uses of the same seed.
    ///   - statisticCount: how many values `statistic` writes per replicate.
    ///   - statistic: given a batch of replicates and an output buffer of
    ///     `batch.size × statisticCount` slots (replicate b's values at `b × statisticCount`),
    ///     writes each statistic's value, or `.nan` where it is undefined.
    /// - Returns: for each statistic, its defined replicate values (undefined ones dropped), in
    ///   replicate order.
    package static func replicates(
        populationSize: Int, resamples: Int, seed: UInt64, stream: UInt64, statisticCount: Int,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        statistic: @escaping @Sendable (CountBatch, UnsafeMutableBufferPointer<Double>) -> Void
    ) async -> [[Double]] {
        guard populationSize > 0, resamples > 0, statisticCount > 0 else {
            return Array(repeating: [], count: max(statisticCount, 0))
        }
        // One child task per range of replicates, each with its own counts and results; the
        // ranges are put back in replicate order.
        let chunks = max(1, min(threads, resamples))
        let ranges = await withTaskGroup(of: (chunk: Int, results: [Double]).self) { group in
            for chunk in 0..<chunks {
                group.addTask {
                    let start = resamples * chunk / chunks
                    let end = resamples * (chunk + 1) / chunks
                    let results = run(
                        start..<end, populationSize: populationSize, seed: seed, stream: stream,
                        statisticCount: statisticCount, statistic: statistic)
                    return (chunk, results)
                }
            }
            var ranges = Array(repeating: [Double](), count: chunks)
            for await range in group { ranges[range.chunk] = range.results }
            return ranges
        }
        var values = Array(repeating: [Double](), count: statisticCount)
        for s in 0..<statisticCount { values[s].reserveCapacity(resamples) }
        for results in ranges {
            for offset in stride(from: 0, to: results.count, by: statisticCount) {
                for s in 0..<statisticCount {
                    let value = results[offset + s]
                    if value.isFinite { values[s].append(value) }
                }
            }
        }
        return values
    }

    /// The values of replicates `replicates`, `statisticCount` per replicate in replicate order
    /// (`.nan` where undefined).
    private static func run(
        _ replicates: Range<Int>, populationSize: Int, seed: UInt64, stream: UInt64, statisticCount: Int,
        statistic: (CountBatch, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [Double] {
        var results = [Double](repeating: .nan, count: replicates.count * statisticCount)
        let counts = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: populationSize * batchSize)
        defer { counts.deallocate() }
        // Draws are counted in bytes first (a quarter of the memory, so the random increments
        // stay in cache), then widened; a byte that wraps round to 0 records 256 more draws.
        let staging = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: populationSize)
        defer { staging.deallocate() }
        var wrapped: [Int] = []
        let bound = UInt64(populationSize)
        results.withUnsafeMutableBufferPointer { output in
            var first = replicates.lowerBound
            while first < replicates.upperBound {
                let size = min(batchSize, replicates.upperBound - first)
                for b in 0..<size {
                    staging.initialize(repeating: 0)
                    wrapped.removeAll(keepingCapacity: true)
                    var random = Xoshiro256StarStar(seed: seed, stream: stream, replicate: UInt64(first + b))
                    for _ in 0..<populationSize {
                        let index = Int(random.bounded(bound))
                        staging[index] &+= 1
                        if staging[index] == 0 { wrapped.append(index) }
                    }
                    let block = UnsafeMutableBufferPointer(
                        rebasing: counts[(b * populationSize)..<((b + 1) * populationSize)])
                    for j in 0..<populationSize { block[j] = UInt32(staging[j]) }
                    for index in wrapped { block[index] += 256 }
                }
                let local = first - replicates.lowerBound
                let slot = UnsafeMutableBufferPointer(
                    rebasing: output[(local * statisticCount)..<((local + size) * statisticCount)])
                statistic(CountBatch(counts: UnsafeBufferPointer(counts), size: size, populationSize: populationSize), slot)
                first += size
            }
        }
        return results
    }
}
