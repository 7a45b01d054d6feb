import Foundation

/// The metric populations whose statistics are resampled, each holding its members' columns so
/// that a replicate (a vector of member weights, `nil` for the sample itself) is read in one pass.
///
/// A weighted statistic with integer weights w_j equals the statistic of the resampled data in
/// which member j appears w_j times.
enum PopulationSamples {}

// MARK: - Differential scores

/// The population of `differential_recall`, `differential_precision` and `differential_f1`:
/// vignettes with a gold differential. Each statistic is Σ w_j·s_j / Σ w_j.
struct DifferentialSample: Sendable {
    /// The family's statistics, in the order ``statistics(_:into:)`` writes them.
    enum Statistic: Int, CaseIterable, Sendable {
        case recall, precision, f1
    }

    let members: [Int]
    private let scores: [DifferentialScores]

    init(run: ScoredRun, members candidates: [Int]) {
        var members: [Int] = []
        var scores: [DifferentialScores] = []
        for v in candidates {
            guard let score = run.scores[v].differentialScores else { continue }
            members.append(v)
            scores.append(score)
        }
        self.members = members
        self.scores = scores
    }

    var count: Int { members.count }

    /// For each replicate b of the batch, [recall, precision, f1] at `3b`; NaN when its total
    /// weight is 0.
    func statistics(_ batch: CountBatch, into output: UnsafeMutableBufferPointer<Double>) {
        let width = Statistic.allCases.count
        scores.withUnsafeBufferPointer { scores in
            for b in 0..<batch.size {
                let counts = batch.replicate(b)
                var total = 0.0, recall = 0.0, precision = 0.0, f1 = 0.0
                for j in 0..<scores.count {
                    let w = Double(counts[j])
                    total += w
                    recall += w * scores[j].recall
                    precision += w * scores[j].precision
                    f1 += w * scores[j].f1
                }
                output[b * width] = total > 0 ? recall / total : .nan
                output[b * width + 1] = total > 0 ? precision / total : .nan
                output[b * width + 2] = total > 0 ? f1 / total : .nan
            }
        }
    }
}

// MARK: - Counts and latency

/// A population whose metric is a weighted count of events (`must_pass_failures`).
struct CountSample: Sendable {
    let members: [Int]
    private let events: [Double]

    init(members: [Int], event: (Int) -> Bool) {
        self.members = members
        events = members.map { event($0) ? 1 : 0 }
    }

    /// Σ w_j·event_j (each member once when `weights` is `nil`), NaN when the population is
    /// empty.
    func statistic(weights: UnsafeBufferPointer<UInt32>?) -> Double {
        guard !members.isEmpty else { return .nan }
        var total = 0.0
        for j in 0..<events.count {
            total += (weights.map { Double($0[j]) } ?? 1) * events[j]
        }
        return total
    }
}

/// The population of the latency metrics: ok results with a latency, sorted once.
struct LatencySample: Sendable {
    let members: [Int]
    private let latencies: [Double]
    /// Member positions in ascending latency (ties by position).
    private let order: [Int]

    init(run: ScoredRun, members candidates: [Int]) {
        var members: [Int] = []
        var latencies: [Double] = []
        for v in candidates {
            guard let latency = run.scores[v].okLatencyMs else { continue }
            members.append(v)
            latencies.append(latency)
        }
        self.members = members
        self.latencies = latencies
        order = latencies.indices.sorted { (latencies[$0], $0) < (latencies[$1], $1) }
    }

    /// The nearest-rank percentile: with N the total weight, the smallest latency whose
    /// cumulative weight in ascending order reaches ⌈percentile·N/100⌉ (at least 1); NaN when N = 0.
    func percentile(_ percentile: Int, weights: UnsafeBufferPointer<UInt32>?) -> Double {
        var total = 0
        if let weights {
            for w in weights { total += Int(w) }
        } else {
            total = members.count
        }
        guard total > 0 else { return .nan }
        let rank = max(1, (percentile * total + 99) / 100)
        var cumulative = 0
        for j in order {
            cumulative += weights.map { Int($0[j]) } ?? 1
            if cumulative >= rank { return latencies[j] }
        }
        return .nan
    }
}
