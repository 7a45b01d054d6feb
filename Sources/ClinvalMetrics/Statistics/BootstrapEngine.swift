import Foundation

/// Runs bootstrap replicates in parallel without copying the data: each replicate is a vector of
/// multiplicities (how often each population member was drawn), and a statistic reads the
/// population through those counts.
///
/// Replicate r (0-based) of a population of size m draws m indices in `0..<m` with
/// ``ResamplingRandom`` keyed by (seed, stream, r) and counts them. Replicates are split into
/// contiguous ranges over the available cores; since every replicate has its own generator and
/// its own result slot, the results do not depend on the number of threads.
///
/// - Complexity: O(resamples × (m + cost of the statistic)) time; memory O(m) per thread for the
///   counts plus `resamples × statistics` doubles for the results.
package enum BootstrapEngine {
    /// The replicate values of `statisticCount` statistics.
    ///
    /// - Parameters:
    ///   - populationSize: m, the number of members resampled (with replacement, m draws).
    ///   - resamples: the number of replicates.
    ///   - seed: the policy's seed.
    ///   - stream: a number separating independent uses of the same seed.
    ///   - statisticCount: how many values `statistic` writes per replicate.
    ///   - statistic: given the counts (length m) and an output buffer of `statisticCount` slots,
    ///     writes each statistic's value, or `.nan` where it is undefined.
    /// - Returns: for each statistic, its defined replicate values (undefined ones dropped), in
    ///   replicate order.
    package static func replicates(
        populationSize: Int, resamples: Int, seed: UInt64, stream: UInt64, statisticCount: Int,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        statistic: @Sendable (UnsafeBufferPointer<UInt32>, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [[Double]] {
        guard populationSize > 0, resamples > 0, statisticCount > 0 else {
            return Array(repeating: [], count: max(statisticCount, 0))
        }
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: resamples * statisticCount)
        results.initialize(repeating: .nan)
        defer { results.deallocate() }
        let output = SendableBuffer(results)
        let chunks = max(1, min(threads, resamples))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = resamples * chunk / chunks
            let end = resamples * (chunk + 1) / chunks
            let counts = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: populationSize)
            defer { counts.deallocate() }
            let bound = UInt64(populationSize)
            for replicate in start..<end {
                counts.initialize(repeating: 0)
                var random = ResamplingRandom(seed: seed, stream: stream, replicate: UInt64(replicate))
                for _ in 0..<populationSize {
                    counts[Int(random.bounded(bound))] &+= 1
                }
                let slot = UnsafeMutableBufferPointer(
                    rebasing: output.buffer[(replicate * statisticCount)..<((replicate + 1) * statisticCount)])
                statistic(UnsafeBufferPointer(counts), slot)
            }
        }
        var values = Array(repeating: [Double](), count: statisticCount)
        for s in 0..<statisticCount {
            values[s].reserveCapacity(resamples)
            for replicate in 0..<resamples {
                let value = results[replicate * statisticCount + s]
                if value.isFinite { values[s].append(value) }
            }
        }
        return values
    }
}

/// A buffer written by disjoint ranges from several threads.
private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}
