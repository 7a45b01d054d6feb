import Foundation

/// The (vignette, condition) pairs of the calibration fits, stored once for a run: for each
/// vignette a contiguous range of pairs with x = logit(p), p clipped to [1e-6, 1 − 1e-6], and
/// y = 1 iff the code is in G_i (docs/metrics.md).
package struct CalibrationPairs: Sendable {
    /// logit(clip(p)) per pair.
    package private(set) var x: [Double] = []
    /// The clipped odds p/(1 − p) = eˣ per pair, so that the offset model's passes need no `exp`.
    package private(set) var odds: [Double] = []
    /// 1 if the code is in G_i, else 0, per pair.
    package private(set) var y: [Double] = []
    /// The pairs of vignette v are `offsets[v]..<offsets[v + 1]`.
    package private(set) var offsets: [Int] = [0]

    package init() {}

    /// Appends the pairs of the next vignette (none for an errored vignette).
    package mutating func appendVignette(_ pairs: some Sequence<(probability: Double, isGold: Bool)>) {
        for pair in pairs {
            let p = Self.clip(pair.probability)
            x.append(log(p / (1 - p)))
            odds.append(p / (1 - p))
            y.append(pair.isGold ? 1 : 0)
        }
        offsets.append(x.count)
    }

    /// log(p/(1 − p)) with p clipped to [1e-6, 1 − 1e-6].
    package static func logit(_ probability: Double) -> Double {
        let p = clip(probability)
        return log(p / (1 - p))
    }

    /// p clipped to [1e-6, 1 − 1e-6].
    static func clip(_ probability: Double) -> Double {
        min(max(probability, 1e-6), 1 - 1e-6)
    }

    /// The pairs of vignette v.
    package func range(of vignette: Int) -> Range<Int> {
        offsets[vignette]..<offsets[vignette + 1]
    }
}

/// Logistic recalibration fits by maximum likelihood (docs/metrics.md `calibration_slope`,
/// `calibration_intercept`), over the pairs of a set of vignettes, each vignette weighted by how
/// often a bootstrap replicate drew it.
///
/// - Slope model: logit P(y = 1) = a + b·x; `calibration_slope` is b.
/// - Offset model: logit P(y = 1) = a + x (x as an offset); `calibration_intercept` is a.
///
/// Both are fitted by Newton–Raphson (IRLS) on the log-likelihood ℓ = Σ w·(y·η − log(1 + eᶯ)),
/// from a given start ((a, b) = (0, 1) and a = 0 unless told otherwise; a bootstrap replicate
/// starts from its one-step estimate, see `CalibrationSample`), until a Newton step falls below
/// 1e-10·(1 + |θ|), which is then taken and ends the fit (at most 200 steps; no convergence gives
/// `nil`; the step's size also ends the fit once Newton's quadratic convergence shows that what
/// is left is below a hundredth of that tolerance). Each step costs one pass over the pairs
/// (gradient and Hessian together). A step is kept as it is when the slope of ℓ along it is still
/// non-negative at its end (ℓ is concave, so it rose), or when the step is small (at most
/// 0.1·(1 + |θ|)) and that slope, which starts at g·step > 0, has not fallen below −½·g·step
/// (ℓ, near-quadratic along a short Newton step, then rose); otherwise ℓ is computed at both ends
/// and the step halved until ℓ does not decrease (beyond rounding). ℓ is strictly concave where the estimate exists, so the
/// stationary point the steps end at is the maximum. The offset model reads the pairs' odds eˣ, so its passes need no exponential:
/// e^(a + x) = eᵃ·eˣ.
///
/// The maximum-likelihood estimate does not exist, and the fit gives `nil`, when all y are equal
/// or, for the slope model, when the pairs are separated (Albert and Anderson 1984): in one
/// dimension, when max{x : y = 0} ≤ min{x : y = 1} or max{x : y = 1} ≤ min{x : y = 0} (complete or
/// quasi-complete separation; all x equal is a case of it). The offset model's estimate exists
/// whenever both y values occur.
package enum LogisticRecalibration {
    /// The ranges of x by class over weighted pairs, to decide whether a fit exists.
    package struct Overlap: Sendable {
        package var positives = 0.0
        package var negatives = 0.0
        package var minPositive = Double.infinity
        package var maxPositive = -Double.infinity
        package var minNegative = Double.infinity
        package var maxNegative = -Double.infinity

        package init() {}

        @inline(__always)
        package mutating func add(x: Double, y: Double, weight: Double) {
            guard weight > 0 else { return }
            if y > 0 {
                positives += weight
                minPositive = min(minPositive, x)
                maxPositive = max(maxPositive, x)
            } else {
                negatives += weight
                minNegative = min(minNegative, x)
                maxNegative = max(maxNegative, x)
            }
        }

        /// Whether both classes occur (the offset model's estimate exists).
        package var hasBothClasses: Bool { positives > 0 && negatives > 0 }

        /// Whether the classes overlap strictly both ways (the slope model's estimate exists).
        package var isOverlapping: Bool {
            hasBothClasses && maxNegative > minPositive && maxPositive > minNegative
        }
    }

    /// The two models.
    enum Model: Sendable {
        /// logit P(y = 1) = a + b·x.
        case slope
        /// logit P(y = 1) = a + x.
        case offset
    }

    /// Weighted pairs: the pairs of `members` (vignette indices), member j weighted by
    /// `weights[j]` (all 1 when `weights` is `nil`), gathered once as spans of pairs with their
    /// weight (members drawn 0 times left out), so that each Newton step reads them in one flat
    /// pass.
    package struct Sample: Sendable {
        /// The pairs of one drawn member and its weight.
        struct Span: Sendable {
            var start: Int
            var end: Int
            var weight: Double
        }

        let pairs: CalibrationPairs
        let spans: [Span]

        package init(pairs: CalibrationPairs, members: UnsafeBufferPointer<Int>, weights: UnsafeBufferPointer<UInt32>?) {
            self.pairs = pairs
            var spans: [Span] = []
            spans.reserveCapacity(members.count)
            pairs.offsets.withUnsafeBufferPointer { offsets in
                for j in 0..<members.count {
                    let weight = weights.map { Double(Int($0[j])) } ?? 1
                    let start = offsets[members[j]]
                    let end = offsets[members[j] + 1]
                    if weight > 0, end > start { spans.append(Span(start: start, end: end, weight: weight)) }
                }
            }
            self.spans = spans
        }

        package var overlap: Overlap {
            var overlap = Overlap()
            for span in spans {
                for p in span.start..<span.end { overlap.add(x: pairs.x[p], y: pairs.y[p], weight: span.weight) }
            }
            return overlap
        }

        /// The gradient and Hessian of ℓ at η = a + b·x (b = 1 for the offset model, whose
        /// gradient and Hessian are then `ga` and `haa`), and ℓ itself when `likelihood`, in one
        /// pass. Large samples are cut into 16 fixed ranges of spans summed each on its own and
        /// then in order, so the sum is the same however the work is scheduled.
        ///
        /// The pass runs on the caller's task: the fits of a bootstrap already run on every core
        /// (one resample range per child task), and a full-sample fit is one pass per Newton step.
        func evaluate(_ model: Model, a: Double, b: Double = 1, likelihood: Bool = false) -> Evaluation {
            let chunks = spans.count >= 65_536 ? 16 : 1
            guard chunks > 1 else {
                return evaluate(model, a: a, b: b, likelihood: likelihood, in: 0..<spans.count)
            }
            let count = spans.count
            var total = Evaluation()
            for chunk in 0..<chunks {
                total.add(
                    evaluate(
                        model, a: a, b: b, likelihood: likelihood,
                        in: (count * chunk / chunks)..<(count * (chunk + 1) / chunks)))
            }
            return total
        }

        private func evaluate(_ model: Model, a: Double, b: Double, likelihood: Bool, in range: Range<Int>) -> Evaluation {
            // eᵃ for the offset model: e^(a + x) = eᵃ·eˣ. Out of range, the exponential form is used.
            let scale = exp(a)
            let isOffset = model == .offset
            let useOdds = isOffset && scale.isFinite && scale > 0 && scale < 1e290
            return pairs.x.withUnsafeBufferPointer { xs in
                pairs.y.withUnsafeBufferPointer { ys in
                    pairs.odds.withUnsafeBufferPointer { odds in
                        spans.withUnsafeBufferPointer { spans in
                            // Plain pointers, local sums and while loops: the pass is the hot
                            // loop of every bootstrap, and stays fast in a debug build too.
                            let pass = Pass(
                                xs: xs.baseAddress!, ys: ys.baseAddress!, odds: odds.baseAddress!,
                                spans: spans.baseAddress!, a: a, b: b, scale: scale, likelihood: likelihood)
                            if useOdds { return pass.offsetByOdds(range) }
                            return pass.exponential(range, slope: !isOffset)
                        }
                    }
                }
            }
        }
    }

    /// One pass over the pairs of a range of spans.
    private struct Pass {
        let xs: UnsafePointer<Double>
        let ys: UnsafePointer<Double>
        let odds: UnsafePointer<Double>
        let spans: UnsafePointer<Sample.Span>
        let a: Double
        let b: Double
        let scale: Double
        let likelihood: Bool

        /// The offset model through the odds: mu = u/(1 + u) with u = eᵃ·eˣ.
        func offsetByOdds(_ range: Range<Int>) -> Evaluation {
            var ga = 0.0, haa = 0.0, logLikelihood = 0.0
            var k = range.lowerBound
            while k < range.upperBound {
                let span = spans[k]
                let w = span.weight
                var sg = 0.0, sh = 0.0
                var p = span.start
                while p < span.end {
                    let u = scale * odds[p]
                    let r = 1 / (1 + u)
                    let mu = u * r
                    sg += ys[p] - mu
                    sh += mu * r
                    if likelihood { logLikelihood += w * (ys[p] * (a + xs[p]) - log1p(u)) }
                    p += 1
                }
                ga += w * sg
                haa += w * sh
                k += 1
            }
            return Evaluation(logLikelihood: logLikelihood, ga: ga, haa: haa)
        }

        /// η = a + b·x through exp(−|η|); the slope model's b-terms when `slope`.
        func exponential(_ range: Range<Int>, slope: Bool) -> Evaluation {
            var ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0, logLikelihood = 0.0
            var k = range.lowerBound
            while k < range.upperBound {
                let span = spans[k]
                let w = span.weight
                var sga = 0.0, sgb = 0.0, shaa = 0.0, shab = 0.0, shbb = 0.0
                var p = span.start
                while p < span.end {
                    let x = xs[p]
                    let y = ys[p]
                    let eta = a + b * x
                    let z = exp(eta < 0 ? eta : -eta)
                    let r = 1 / (1 + z)
                    let residual = y - (eta >= 0 ? r : z * r)
                    let variance = z * r * r
                    sga += residual
                    shaa += variance
                    if slope {
                        sgb += residual * x
                        shab += variance * x
                        shbb += variance * x * x
                    }
                    if likelihood { logLikelihood += w * (y * eta - (max(eta, 0) + log1p(z))) }
                    p += 1
                }
                ga += w * sga
                gb += w * sgb
                haa += w * shaa
                hab += w * shab
                hbb += w * shbb
                k += 1
            }
            return Evaluation(logLikelihood: logLikelihood, ga: ga, gb: gb, haa: haa, hab: hab, hbb: hbb)
        }
    }

    /// Log-likelihood, gradient (a, b) and Hessian (aa, ab, bb) sums (the Hessian of −ℓ).
    struct Evaluation: Sendable {
        var logLikelihood = 0.0, ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0

        mutating func add(_ other: Evaluation) {
            logLikelihood += other.logLikelihood
            ga += other.ga
            gb += other.gb
            haa += other.haa
            hab += other.hab
            hbb += other.hbb
        }
    }

    /// 1/(1 + e⁻ᶯ).
    @inline(__always)
    package static func sigmoid(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }

    /// (a, b) of the slope model, or `nil` when the estimate does not exist.
    package static func fitSlope(_ sample: Sample) -> (intercept: Double, slope: Double)? {
        guard sample.overlap.isOverlapping else { return nil }
        guard let fit = newton(sample, .slope, from: [0, 1]) else { return nil }
        return (fit[0], fit[1])
    }

    /// a of the offset model, or `nil` when the estimate does not exist.
    package static func fitOffsetIntercept(_ sample: Sample) -> Double? {
        guard sample.overlap.hasBothClasses else { return nil }
        return newton(sample, .offset, from: [0, 1])?[0]
    }

    /// The slope model's fit of a sample already known to overlap (``Overlap/isOverlapping``).
    static func refitSlope(_ sample: Sample, from start: (intercept: Double, slope: Double)) -> Double? {
        newton(sample, .slope, from: [start.intercept, start.slope])?[1]
    }

    /// The offset model's fit of a sample already known to hold both classes.
    static func refitOffsetIntercept(_ sample: Sample, from start: Double) -> Double? {
        newton(sample, .offset, from: [start, 1])?[0]
    }

    /// Newton–Raphson from `start` ([a, b]; b stays 1 for the offset model), as described above.
    private static func newton(_ sample: Sample, _ model: Model, from start: [Double]) -> [Double]? {
        var a = start[0]
        var b = start[1]
        var current = sample.evaluate(model, a: a, b: b)
        var previous: Double?
        for _ in 0..<200 {
            let stepA: Double
            let stepB: Double
            switch model {
            case .slope:
                let det = current.haa * current.hbb - current.hab * current.hab
                guard det > 0, det.isFinite else { return nil }
                stepA = (current.hbb * current.ga - current.hab * current.gb) / det
                stepB = (current.haa * current.gb - current.hab * current.ga) / det
            case .offset:
                guard current.haa > 0, current.haa.isFinite else { return nil }
                stepA = current.ga / current.haa
                stepB = 0
            }
            guard stepA.isFinite, stepB.isFinite else { return nil }
            let size = max(abs(stepA), abs(stepB))
            let tolerance = 1e-10 * (1 + max(abs(a), abs(b)))
            if size <= tolerance { return [a + stepA, b + stepB] }
            // Newton's method converges quadratically: what is left after this step is about
            // K·size², with K ≈ size/previous² from the last two full steps. Where that is a
            // hundredth of the tolerance, the step is the last one.
            if let previous, size < previous / 4, size / (previous * previous) * size * size <= tolerance / 100 {
                return [a + stepA, b + stepB]
            }
            var t = 1.0
            var next = sample.evaluate(model, a: a + stepA, b: b + stepB)
            // Along the step, ℓ's slope starts at g·step > 0 and falls (ℓ is concave). Where it
            // ends non-negative, ℓ rose; where a short step's ends above −½·g·step, ℓ rose too (its
            // gain is about the mean of the two slopes, ℓ being near-quadratic there). Such a step
            // is kept as it is.
            let startSlope = current.ga * stepA + current.gb * stepB
            let endSlope = next.ga * stepA + next.gb * stepB
            if !(endSlope >= -1e-12 || (size <= 0.1 * (1 + max(abs(a), abs(b))) && endSlope >= -0.5 * startSlope)) {
                // The step may have passed the maximum along its line: keep it only if ℓ did not
                // fall, else halve it until ℓ does not fall.
                let base = sample.evaluate(model, a: a, b: b, likelihood: true).logLikelihood
                next = sample.evaluate(model, a: a + stepA, b: b + stepB, likelihood: true)
                while next.logLikelihood < base - 1e-12 * (1 + abs(base)), t > 1e-12 {
                    t /= 2
                    next = sample.evaluate(model, a: a + t * stepA, b: b + t * stepB, likelihood: true)
                }
            }
            a += t * stepA
            b += t * stepB
            current = next
            previous = t == 1 ? size : nil
        }
        return nil
    }
}
