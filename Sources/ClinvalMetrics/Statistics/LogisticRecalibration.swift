import Foundation

/// The (vignette, condition) pairs of the calibration fits, stored once for a run: for each
/// vignette a contiguous range of pairs with x = logit(p), p clipped to [1e-6, 1 − 1e-6], and
/// y = 1 iff the code is in G_i (docs/metrics.md).
package struct CalibrationPairs: Sendable {
    /// logit(clip(p)) per pair.
    package private(set) var x: [Double] = []
    /// 1 if the code is in G_i, else 0, per pair.
    package private(set) var y: [Double] = []
    /// The pairs of vignette v are `offsets[v]..<offsets[v + 1]`.
    package private(set) var offsets: [Int] = [0]

    package init() {}

    /// Appends the pairs of the next vignette (none for an errored vignette).
    package mutating func appendVignette(_ pairs: some Sequence<(probability: Double, isGold: Bool)>) {
        for pair in pairs {
            x.append(Self.logit(pair.probability))
            y.append(pair.isGold ? 1 : 0)
        }
        offsets.append(x.count)
    }

    /// log(p/(1 − p)) with p clipped to [1e-6, 1 − 1e-6].
    package static func logit(_ probability: Double) -> Double {
        let p = min(max(probability, 1e-6), 1 - 1e-6)
        return log(p / (1 - p))
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
/// started at (a, b) = (0, 1) and a = 0, halving a step until ℓ does not decrease (beyond
/// rounding), and stopped one step after the step falls below 1e-10·(1 + |θ|) (at most 200
/// steps; no convergence gives `nil`). Each step costs one pass over the pairs (ℓ, gradient and
/// Hessian together), plus one per halving.
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

    /// Weighted pairs: the pairs of `members` (vignette indices), member j weighted by
    /// `weights[j]` (all 1 when `weights` is `nil`).
    ///
    /// Unchecked `Sendable`: it only reads its buffers, which outlive every call (a fit reads the
    /// sample from several threads only inside ``fitSlope(_:)`` and ``fitOffsetIntercept(_:)``).
    package struct Sample: @unchecked Sendable {
        let pairs: CalibrationPairs
        let members: UnsafeBufferPointer<Int>
        let weights: UnsafeBufferPointer<UInt32>?

        package init(pairs: CalibrationPairs, members: UnsafeBufferPointer<Int>, weights: UnsafeBufferPointer<UInt32>?) {
            self.pairs = pairs
            self.members = members
            self.weights = weights
        }

        /// Calls `body` with the pairs of members `range` (positions in `members`).
        @inline(__always)
        func forEachPair(in range: Range<Int>, _ body: (_ x: Double, _ y: Double, _ weight: Double) -> Void) {
            pairs.x.withUnsafeBufferPointer { xs in
                pairs.y.withUnsafeBufferPointer { ys in
                    pairs.offsets.withUnsafeBufferPointer { offsets in
                        for j in range {
                            let weight = weights.map { Double($0[j]) } ?? 1
                            if weight == 0 { continue }
                            let v = members[j]
                            for p in offsets[v]..<offsets[v + 1] {
                                body(xs[p], ys[p], weight)
                            }
                        }
                    }
                }
            }
        }

        package var overlap: Overlap {
            var overlap = Overlap()
            forEachPair(in: 0..<members.count) { x, y, w in overlap.add(x: x, y: y, weight: w) }
            return overlap
        }

        /// The log-likelihood, gradient and Hessian at η = a + b·x (b = 1 for the offset model,
        /// whose gradient and Hessian are then `ga` and `haa`), in one pass. Large samples are cut
        /// into 16 fixed ranges of members summed in parallel and then in order, so the result
        /// does not depend on the number of threads.
        func evaluate(a: Double, b: Double) -> Evaluation {
            let chunks = members.count >= 65_536 ? 16 : 1
            guard chunks > 1 else { return evaluate(a: a, b: b, in: 0..<members.count) }
            let partials = UnsafeMutableBufferPointer<Evaluation>.allocate(capacity: chunks)
            partials.initialize(repeating: Evaluation())
            defer { partials.deallocate() }
            let output = EvaluationBuffer(buffer: partials)
            let count = members.count
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                output.buffer[chunk] = evaluate(a: a, b: b, in: (count * chunk / chunks)..<(count * (chunk + 1) / chunks))
            }
            var total = Evaluation()
            for partial in partials { total.add(partial) }
            return total
        }

        private func evaluate(a: Double, b: Double, in range: Range<Int>) -> Evaluation {
            var logLikelihood = 0.0, ga = 0.0, gb = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0
            pairs.x.withUnsafeBufferPointer { xs in
                pairs.y.withUnsafeBufferPointer { ys in
                    pairs.offsets.withUnsafeBufferPointer { offsets in
                        for j in range {
                            let w = weights.map { Double($0[j]) } ?? 1
                            if w == 0 { continue }
                            let v = members[j]
                            for p in offsets[v]..<offsets[v + 1] {
                                let x = xs[p]
                                let y = ys[p]
                                let eta = a + b * x
                                let z = exp(-abs(eta))
                                let mu = eta >= 0 ? 1 / (1 + z) : z / (1 + z)
                                let r = w * (y - mu)
                                let variance = w * mu * (1 - mu)
                                logLikelihood += w * (y * eta - (max(eta, 0) + log1p(z)))
                                ga += r
                                gb += r * x
                                haa += variance
                                hab += variance * x
                                hbb += variance * x * x
                            }
                        }
                    }
                }
            }
            return Evaluation(logLikelihood: logLikelihood, ga: ga, gb: gb, haa: haa, hab: hab, hbb: hbb)
        }
    }

    /// Log-likelihood, gradient (a, b) and Hessian (aa, ab, bb) sums.
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

    private struct EvaluationBuffer: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Evaluation>
    }

    /// log(1 + eᶯ) without overflow.
    @inline(__always)
    package static func softplus(_ eta: Double) -> Double {
        eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))
    }

    /// 1/(1 + e⁻ᶯ).
    @inline(__always)
    package static func sigmoid(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }

    /// (a, b) of the slope model, or `nil` when the estimate does not exist.
    package static func fitSlope(_ sample: Sample) -> (intercept: Double, slope: Double)? {
        guard sample.overlap.isOverlapping else { return nil }
        var a = 0.0
        var b = 1.0
        var current = sample.evaluate(a: a, b: b)
        var closing = false
        for _ in 0..<200 {
            let det = current.haa * current.hbb - current.hab * current.hab
            guard det > 0, det.isFinite else { return nil }
            let stepA = (current.hbb * current.ga - current.hab * current.gb) / det
            let stepB = (current.haa * current.gb - current.hab * current.ga) / det
            if closing { return (a + stepA, b + stepB) }
            var t = 1.0
            var next = sample.evaluate(a: a + stepA, b: b + stepB)
            while next.logLikelihood < current.logLikelihood - 1e-12 * (1 + abs(current.logLikelihood)), t > 1e-12 {
                t /= 2
                next = sample.evaluate(a: a + t * stepA, b: b + t * stepB)
            }
            a += t * stepA
            b += t * stepB
            current = next
            if max(abs(t * stepA), abs(t * stepB)) <= 1e-10 * (1 + max(abs(a), abs(b))) { closing = true }
        }
        return nil
    }

    /// a of the offset model, or `nil` when the estimate does not exist.
    package static func fitOffsetIntercept(_ sample: Sample) -> Double? {
        guard sample.overlap.hasBothClasses else { return nil }
        var a = 0.0
        var current = sample.evaluate(a: a, b: 1)
        var closing = false
        for _ in 0..<200 {
            guard current.haa > 0, current.haa.isFinite else { return nil }
            let step = current.ga / current.haa
            if closing { return a + step }
            var t = 1.0
            var next = sample.evaluate(a: a + step, b: 1)
            while next.logLikelihood < current.logLikelihood - 1e-12 * (1 + abs(current.logLikelihood)), t > 1e-12 {
                t /= 2
                next = sample.evaluate(a: a + t * step, b: 1)
            }
            a += t * step
            current = next
            if abs(t * step) <= 1e-10 * (1 + abs(a)) { closing = true }
        }
        return nil
    }
}
