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
    private let recall: [Double]
    private let precision: [Double]
    private let f1: [Double]

    init(run: ScoredRun, members candidates: [Int]) {
        var members: [Int] = []
        var recall: [Double] = []
        var precision: [Double] = []
        var f1: [Double] = []
        for v in candidates {
            guard let scores = run.scores[v].differentialScores else { continue }
            members.append(v)
            recall.append(scores.recall)
            precision.append(scores.precision)
            f1.append(scores.f1)
        }
        self.members = members
        self.recall = recall
        self.precision = precision
        self.f1 = f1
    }

    var count: Int { members.count }

    /// [recall, precision, f1], NaN when the total weight is 0.
    func statistics(weights: UnsafeBufferPointer<UInt32>?, into output: UnsafeMutableBufferPointer<Double>) {
        var total = 0.0, r = 0.0, p = 0.0, f = 0.0
        recall.withUnsafeBufferPointer { rs in
            precision.withUnsafeBufferPointer { ps in
                f1.withUnsafeBufferPointer { fs in
                    if let weights {
                        for j in 0..<rs.count {
                            let w = Double(weights[j])
                            total += w
                            r += w * rs[j]
                            p += w * ps[j]
                            f += w * fs[j]
                        }
                    } else {
                        for j in 0..<rs.count {
                            r += rs[j]
                            p += ps[j]
                            f += fs[j]
                        }
                        total = Double(rs.count)
                    }
                }
            }
        }
        guard total > 0 else {
            output.update(repeating: .nan)
            return
        }
        output[0] = r / total
        output[1] = p / total
        output[2] = f / total
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
/// classes, decided exactly from per-member x ranges) is undefined and dropped.
struct CalibrationSample: Sendable {
    static let metrics = ["ece", "mce", "brier", "calibration_intercept", "calibration_slope"]

    let members: [Int]
    private let pairs: CalibrationPairs
    private let confidence: [Double]
    private let correct: [Double]
    private let brier: [Double]
    private let bins: [UInt8]
    let pairCount: Int
    /// The full-sample fits: (a, b) of the slope model and a of the offset model.
    let slopeFit: (intercept: Double, slope: Double)?
    let offsetFit: Double?
    /// Per-member sums for one-step replicates; empty when replicates refit exactly.
    private let oneStep: [OneStepTerms]

    /// A member's gradient and Hessian terms at θ̂ and its x ranges by class.
    struct OneStepTerms: Sendable {
        var ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0
        var g0 = 0.0, h0 = 0.0
        var overlap = LogisticRecalibration.Overlap()
    }

    /// The sample of the members of `candidates` with a calibration point; `fitting: false` skips
    /// the logistic fits (for comparisons, which do not use them).
    init(run: ScoredRun, members candidates: [Int], exactRefitPairLimit: Int, fitting: Bool = true) {
        var members: [Int] = []
        var confidence: [Double] = []
        var correct: [Double] = []
        var brier: [Double] = []
        var bins: [UInt8] = []
        var pairCount = 0
        for v in candidates {
            guard let point = run.scores[v].calibration else { continue }
            members.append(v)
            confidence.append(point.confidence)
            correct.append(point.isTopCorrect ? 1 : 0)
            brier.append(point.brier)
            bins.append(UInt8(point.bin - 1))
            pairCount += run.pairs.range(of: v).count
        }
        self.members = members
        self.confidence = confidence
        self.correct = correct
        self.brier = brier
        self.bins = bins
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
        } else {
            oneStep = []
        }
    }

    private static func oneStepTerms(
        pairs: CalibrationPairs, vignette: Int, slopeFit: (intercept: Double, slope: Double)?, offsetFit: Double?
    ) -> OneStepTerms {
        var terms = OneStepTerms()
        for p in pairs.range(of: vignette) {
            let x = pairs.x[p]
            let y = pairs.y[p]
            terms.overlap.add(x: x, y: y, weight: 1)
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

    /// [ece, mce, brier, intercept, slope], NaN where undefined. `fits: false` leaves the last two
    /// NaN (for comparisons, where they are not needed).
    func statistics(weights: UnsafeBufferPointer<UInt32>?, fits: Bool, into output: UnsafeMutableBufferPointer<Double>) {
        output.update(repeating: .nan)
        var binWeight = [Double](repeating: 0, count: CalibrationBins.count)
        var binConfidence = [Double](repeating: 0, count: CalibrationBins.count)
        var binCorrect = [Double](repeating: 0, count: CalibrationBins.count)
        var total = 0.0
        var brierSum = 0.0
        binWeight.withUnsafeMutableBufferPointer { bw in
            binConfidence.withUnsafeMutableBufferPointer { bc in
                binCorrect.withUnsafeMutableBufferPointer { ba in
                    confidence.withUnsafeBufferPointer { cs in
                        correct.withUnsafeBufferPointer { ks in
                            brier.withUnsafeBufferPointer { bs in
                                bins.withUnsafeBufferPointer { ms in
                                    for j in 0..<cs.count {
                                        let w = weights.map { Double($0[j]) } ?? 1
                                        let m = Int(ms[j])
                                        bw[m] += w
                                        bc[m] += w * cs[j]
                                        ba[m] += w * ks[j]
                                        brierSum += w * bs[j]
                                        total += w
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard total > 0 else { return }
        var ece = 0.0
        var mce = 0.0
        for m in 0..<CalibrationBins.count where binWeight[m] > 0 {
            let gap = abs(binCorrect[m] / binWeight[m] - binConfidence[m] / binWeight[m])
            ece += binWeight[m] / total * gap
            mce = max(mce, gap)
        }
        output[0] = ece
        output[1] = mce
        output[2] = brierSum / total
        guard fits else { return }
        if weights == nil || oneStep.isEmpty {
            members.withUnsafeBufferPointer { buffer in
                let sample = LogisticRecalibration.Sample(pairs: pairs, members: buffer, weights: weights)
                if offsetFit != nil, let a = LogisticRecalibration.fitOffsetIntercept(sample) { output[3] = a }
                if slopeFit != nil, let fit = LogisticRecalibration.fitSlope(sample) { output[4] = fit.slope }
            }
        } else if let weights {
            oneStepFits(weights: weights, into: output)
        }
    }

    private func oneStepFits(weights: UnsafeBufferPointer<UInt32>, into output: UnsafeMutableBufferPointer<Double>) {
        var sum = OneStepTerms()
        oneStep.withUnsafeBufferPointer { terms in
            for j in 0..<terms.count {
                let w = Double(weights[j])
                if w == 0 { continue }
                let t = terms[j]
                sum.ga += w * t.ga
                sum.gb += w * t.gb
                sum.haa += w * t.haa
                sum.hab += w * t.hab
                sum.hbb += w * t.hbb
                sum.g0 += w * t.g0
                sum.h0 += w * t.h0
                sum.overlap.merge(t.overlap, weight: w)
            }
        }
        if let offsetFit, sum.overlap.hasBothClasses, sum.h0 > 0 {
            output[3] = offsetFit + sum.g0 / sum.h0
        }
        if let slopeFit, sum.overlap.isOverlapping {
            let det = sum.haa * sum.hbb - sum.hab * sum.hab
            if det > 0 {
                output[4] = slopeFit.slope + (sum.haa * sum.gb - sum.hab * sum.ga) / det
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

    /// Σ w_j·event_j, NaN when the population is empty.
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
