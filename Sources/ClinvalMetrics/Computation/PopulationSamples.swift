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
    static let metrics = ["differential_recall", "differential_precision", "differential_f1"]

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
        let width = Self.metrics.count
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

// MARK: - Calibration

/// The population of the calibration metrics: vignettes with status ok and a non-empty
/// differential.
///
/// - `ece` = Σ_m (W_m/W)·|A_m/W_m − C_m/W_m| and `mce` = max over W_m > 0 of |A_m/W_m − C_m/W_m|,
///   with W_m, C_m, A_m the weighted count, confidence sum and top-1-correct sum of bin m and W
///   the total weight.
/// - `brier` = Σ w_j·brier_j / W.
/// - `calibration_intercept`, `calibration_slope`: ``LogisticRecalibration`` over the members'
///   pairs, each pair weighted by its vignette's weight.
///
/// Replicates of the fits are exact refits when the population has at most
/// ``MetricCalculator/exactRefitPairLimit`` pairs. Above it, a replicate is one Newton step from
/// the full-sample estimate θ̂ (the one-step bootstrap): θ* = θ̂ + H*⁻¹g*, where g* and H* are the
/// replicate's weighted sums of the members' gradients and Hessians of the log-likelihood at θ̂,
/// precomputed once per member; its error is O(1/n), small against the bootstrap spread
/// O(1/√n). In both modes a replicate whose fit does not exist (one class only, or separated
/// classes) is undefined and dropped; in one-step mode this is decided exactly from the members'
/// x ranges by class, sorted once, so that a replicate only looks up its first drawn member in
/// each order.
struct CalibrationSample: Sendable {
    static let metrics = ["ece", "mce", "brier", "calibration_intercept", "calibration_slope"]
    /// Members per cache block in the batched passes.
    static let block = 512

    /// A member's top-1 confidence, Brier term, bin (0-based) and top-1 correctness.
    struct Record: Sendable {
        var confidence: Double
        var brier: Double
        var bin: UInt8
        var correct: UInt8
    }

    /// A member's gradient and Hessian terms at θ̂ (slope model: a, b; offset model: a).
    struct OneStepTerms: Sendable {
        var ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0, g0 = 0.0, h0 = 0.0
    }

    let members: [Int]
    private let pairs: CalibrationPairs
    private let records: [Record]
    let pairCount: Int
    /// The full-sample fits: (a, b) of the slope model and a of the offset model.
    let slopeFit: (intercept: Double, slope: Double)?
    let offsetFit: Double?
    /// Per-member terms for one-step replicates; empty when replicates refit exactly.
    private let oneStep: [OneStepTerms]
    private let ranges: ClassRanges?

    /// The sample of the members of `candidates` with a calibration point; `fitting: false` skips
    /// the logistic fits (for comparisons, which do not use them).
    init(run: ScoredRun, members candidates: [Int], exactRefitPairLimit: Int, fitting: Bool = true) {
        var members: [Int] = []
        var records: [Record] = []
        var pairCount = 0
        for v in candidates {
            guard let point = run.scores[v].calibration else { continue }
            members.append(v)
            records.append(Record(
                confidence: point.confidence, brier: point.brier, bin: UInt8(point.bin - 1),
                correct: point.isTopCorrect ? 1 : 0))
            pairCount += run.pairs.range(of: v).count
        }
        self.members = members
        self.records = records
        self.pairs = run.pairs
        self.pairCount = pairCount
        let (slopeFit, offsetFit) = members.withUnsafeBufferPointer { buffer in
            guard fitting else { return ((intercept: Double, slope: Double)?.none, Double?.none) }
            let sample = LogisticRecalibration.Sample(pairs: run.pairs, members: buffer, weights: nil)
            return (LogisticRecalibration.fitSlope(sample), LogisticRecalibration.fitOffsetIntercept(sample))
        }
        self.slopeFit = slopeFit
        self.offsetFit = offsetFit
        if fitting, pairCount > exactRefitPairLimit {
            oneStep = members.map { v in
                Self.oneStepTerms(pairs: run.pairs, vignette: v, slopeFit: slopeFit, offsetFit: offsetFit)
            }
            ranges = ClassRanges(pairs: run.pairs, members: members)
        } else {
            oneStep = []
            ranges = nil
        }
    }

    private static func oneStepTerms(
        pairs: CalibrationPairs, vignette: Int, slopeFit: (intercept: Double, slope: Double)?, offsetFit: Double?
    ) -> OneStepTerms {
        var terms = OneStepTerms()
        for p in pairs.range(of: vignette) {
            let x = pairs.x[p]
            let y = pairs.y[p]
            if let slopeFit {
                let mu = LogisticRecalibration.sigmoid(slopeFit.intercept + slopeFit.slope * x)
                let v = mu * (1 - mu)
                terms.ga += y - mu
                terms.gb += (y - mu) * x
                terms.haa += v
                terms.hab += v * x
                terms.hbb += v * x * x
            }
            if let offsetFit {
                let mu = LogisticRecalibration.sigmoid(offsetFit + x)
                terms.g0 += y - mu
                terms.h0 += mu * (1 - mu)
            }
        }
        return terms
    }

    var count: Int { members.count }

    /// For each replicate b of the batch, [ece, mce, brier, intercept, slope] at `5b`, NaN where
    /// undefined. `fits: false` leaves the last two NaN (comparisons do not use them).
    func statistics(_ batch: CountBatch, fits: Bool, into output: UnsafeMutableBufferPointer<Double>) {
        let width = Self.metrics.count
        let bins = CalibrationBins.count
        output.update(repeating: .nan)
        // Per replicate: bins × (weight, confidence, correct), then total weight and Brier sum.
        // Members are read in blocks that stay in cache while every replicate of the batch
        // passes over them; each replicate still sums its members in index order.
        let stride = 3 * bins + 2
        var sums = [Double](repeating: 0, count: batch.size * stride)
        sums.withUnsafeMutableBufferPointer { sums in
            records.withUnsafeBufferPointer { records in
                var blockStart = 0
                while blockStart < records.count {
                    let blockEnd = min(records.count, blockStart + Self.block)
                    for b in 0..<batch.size {
                        let counts = batch.replicate(b)
                        let base = b * stride
                        var total = sums[base + 3 * bins]
                        var brier = sums[base + 3 * bins + 1]
                        for j in blockStart..<blockEnd {
                            let w = Double(counts[j])
                            let record = records[j]
                            let bin = base + Int(record.bin)
                            sums[bin] += w
                            sums[bin + bins] += w * record.confidence
                            sums[bin + 2 * bins] += w * Double(record.correct)
                            total += w
                            brier += w * record.brier
                        }
                        sums[base + 3 * bins] = total
                        sums[base + 3 * bins + 1] = brier
                    }
                    blockStart = blockEnd
                }
            }
            for b in 0..<batch.size {
                let base = b * stride
                let total = sums[base + 3 * bins]
                guard total > 0 else { continue }
                var ece = 0.0
                var mce = 0.0
                for m in 0..<bins where sums[base + m] > 0 {
                    let weight = sums[base + m]
                    let gap = abs(sums[base + 2 * bins + m] / weight - sums[base + bins + m] / weight)
                    ece += weight / total * gap
                    mce = max(mce, gap)
                }
                output[b * width] = ece
                output[b * width + 1] = mce
                output[b * width + 2] = sums[base + 3 * bins + 1] / total
            }
        }
        guard fits else { return }
        if !oneStep.isEmpty, let ranges {
            var stepSums = [Double](repeating: 0, count: batch.size * 7)
            stepSums.withUnsafeMutableBufferPointer { stepSums in
                oneStep.withUnsafeBufferPointer { terms in
                    var blockStart = 0
                    while blockStart < terms.count {
                        let blockEnd = min(terms.count, blockStart + Self.block)
                        for b in 0..<batch.size {
                            let counts = batch.replicate(b)
                            let base = b * 7
                            var ga = stepSums[base], gb = stepSums[base + 1], haa = stepSums[base + 2]
                            var hab = stepSums[base + 3], hbb = stepSums[base + 4], g0 = stepSums[base + 5]
                            var h0 = stepSums[base + 6]
                            for j in blockStart..<blockEnd {
                                let w = Double(counts[j])
                                let t = terms[j]
                                ga += w * t.ga
                                gb += w * t.gb
                                haa += w * t.haa
                                hab += w * t.hab
                                hbb += w * t.hbb
                                g0 += w * t.g0
                                h0 += w * t.h0
                            }
                            stepSums[base] = ga
                            stepSums[base + 1] = gb
                            stepSums[base + 2] = haa
                            stepSums[base + 3] = hab
                            stepSums[base + 4] = hbb
                            stepSums[base + 5] = g0
                            stepSums[base + 6] = h0
                        }
                        blockStart = blockEnd
                    }
                }
                for b in 0..<batch.size {
                    let s = UnsafeBufferPointer(rebasing: stepSums[(b * 7)..<(b * 7 + 7)])
                    let overlap = ranges.overlap(batch.replicate(b))
                    if let offsetFit, overlap.hasBothClasses, s[6] > 0 {
                        output[b * width + 3] = offsetFit + s[5] / s[6]
                    }
                    if let slopeFit, overlap.isOverlapping {
                        let det = s[2] * s[4] - s[3] * s[3]
                        if det > 0 { output[b * width + 4] = slopeFit.slope + (s[2] * s[1] - s[3] * s[0]) / det }
                    }
                }
            }
        } else {
            members.withUnsafeBufferPointer { buffer in
                for b in 0..<batch.size {
                    let sample = LogisticRecalibration.Sample(pairs: pairs, members: buffer, weights: batch.replicate(b))
                    if offsetFit != nil, let a = LogisticRecalibration.fitOffsetIntercept(sample) {
                        output[b * width + 3] = a
                    }
                    if slopeFit != nil, let fit = LogisticRecalibration.fitSlope(sample) {
                        output[b * width + 4] = fit.slope
                    }
                }
            }
        }
    }
}

/// The members' x ranges by class, each sorted once, to decide for a replicate whether the fits
/// exist without a pass over its pairs.
///
/// The largest x of a y = 0 pair among the drawn members is the value of the first drawn member in
/// the members sorted by their largest such x, descending (and likewise for the other three
/// extremes); a replicate looks up the first drawn member in each order (about 1.6 look-ups on
/// average).
struct ClassRanges: Sendable {
    private struct Entry: Sendable {
        var value: Double
        var member: Int
    }

    private let maxNegative: [Entry]
    private let minPositive: [Entry]
    private let maxPositive: [Entry]
    private let minNegative: [Entry]

    init(pairs: CalibrationPairs, members: [Int]) {
        var maxNegative: [Entry] = []
        var minPositive: [Entry] = []
        var maxPositive: [Entry] = []
        var minNegative: [Entry] = []
        for (j, v) in members.enumerated() {
            var overlap = LogisticRecalibration.Overlap()
            for p in pairs.range(of: v) { overlap.add(x: pairs.x[p], y: pairs.y[p], weight: 1) }
            if overlap.negatives > 0 {
                maxNegative.append(Entry(value: overlap.maxNegative, member: j))
                minNegative.append(Entry(value: overlap.minNegative, member: j))
            }
            if overlap.positives > 0 {
                maxPositive.append(Entry(value: overlap.maxPositive, member: j))
                minPositive.append(Entry(value: overlap.minPositive, member: j))
            }
        }
        self.maxNegative = maxNegative.sorted { $0.value > $1.value }
        self.minNegative = minNegative.sorted { $0.value < $1.value }
        self.maxPositive = maxPositive.sorted { $0.value > $1.value }
        self.minPositive = minPositive.sorted { $0.value < $1.value }
    }

    private static func first(_ entries: [Entry], drawn counts: UnsafeBufferPointer<UInt32>) -> Double? {
        for entry in entries where counts[entry.member] > 0 { return entry.value }
        return nil
    }

    /// The class extremes of the replicate's drawn members.
    func overlap(_ counts: UnsafeBufferPointer<UInt32>) -> LogisticRecalibration.Overlap {
        var overlap = LogisticRecalibration.Overlap()
        if let maxNegative = Self.first(maxNegative, drawn: counts), let minNegative = Self.first(minNegative, drawn: counts) {
            overlap.negatives = 1
            overlap.maxNegative = maxNegative
            overlap.minNegative = minNegative
        }
        if let maxPositive = Self.first(maxPositive, drawn: counts), let minPositive = Self.first(minPositive, drawn: counts) {
            overlap.positives = 1
            overlap.maxPositive = maxPositive
            overlap.minPositive = minPositive
        }
        return overlap
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
