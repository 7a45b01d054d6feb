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
/// A replicate's fit starts from the full-sample estimate θ̂ expanded to second order: the
/// replicate's log-likelihood gradient at θ̂ + δ is g* − H*·δ − ½·T*[δ, δ] + O(|δ|³), where g*, H*
/// and T* are the replicate's weighted sums of the members' gradients, Hessians and third
/// derivatives at θ̂, precomputed once per member, so that the starting estimate costs one pass
/// over the members, not over their pairs (``estimates(_:slopeFit:offsetFit:)``). When
/// the population has at most ``MetricCalculator/exactRefitPairLimit`` pairs, the replicate is
/// then refitted exactly by Newton's method from there (two passes over its pairs for most
/// replicates, where a start at (0, 1) took eight to ten); above it, the starting estimate is the
/// replicate's value: its error is O(1/n^{3/2}), small against the bootstrap spread O(1/√n).
///
/// In both modes a replicate whose fit does not exist (one class only, or separated classes) is
/// undefined and dropped; this is decided exactly from the members' x ranges by class
/// (``ClassRanges``).
struct CalibrationSample: Sendable {
    /// The family's statistics, in the order ``statistics(_:fits:into:)`` writes them.
    enum Statistic: Int, CaseIterable, Sendable {
        case ece, mce, brier, intercept, slope
    }
    /// Members per cache block in the batched passes.
    static let block = 512

    /// A member's top-1 confidence, Brier term, bin (0-based) and top-1 correctness.
    struct Record: Sendable {
        var confidence: Double
        var brier: Double
        var bin: UInt8
        var correct: UInt8
    }

    /// The positions of a member's expansion terms at θ̂ in an ``ExpansionRow``. With
    /// z = (1, x), μ the fitted probability, v = μ(1 − μ) and v' = v·(1 − 2μ): for the slope model
    /// the gradient Σ (y − μ)·z, the Hessian Σ v·zzᵀ and the third-derivative sums Σ v'·xᵏ
    /// (k = 0…3); for the offset model Σ (y − μ), Σ v and Σ v'.
    enum Term {
        static let ga = 0, gb = 1, haa = 2, hab = 3, hbb = 4, t0 = 5, t1 = 6, t2 = 7, t3 = 8
        static let g0 = 9, h0 = 10, u0 = 11
    }

    /// A member's expansion terms (``Term``), or a replicate's weighted sums of them, as SIMD
    /// vectors so that a replicate adds a member's twelve terms in three vector operations.
    struct ExpansionRow: Sendable {
        var low = SIMD8<Double>()
        var high = SIMD4<Double>()

        subscript(term: Int) -> Double {
            get { term < 8 ? low[term] : high[term - 8] }
            set { if term < 8 { low[term] = newValue } else { high[term - 8] = newValue } }
        }
    }

    let members: [Int]
    private let pairs: CalibrationPairs
    private let records: [Record]
    let pairCount: Int
    /// The full-sample fits: (a, b) of the slope model and a of the offset model.
    let slopeFit: (intercept: Double, slope: Double)?
    let offsetFit: Double?
    /// Whether replicates are refitted exactly from their starting estimate.
    let refitsExactly: Bool
    /// The members' expansion terms, member after member; empty without fits.
    private let expansion: [ExpansionRow]
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
        refitsExactly = pairCount <= exactRefitPairLimit
        if fitting, slopeFit != nil || offsetFit != nil {
            expansion = members.map { v in
                Self.expansionTerms(of: v, pairs: run.pairs, slopeFit: slopeFit, offsetFit: offsetFit)
            }
            ranges = ClassRanges(pairs: run.pairs, members: members)
        } else {
            expansion = []
            ranges = nil
        }
    }

    private static func expansionTerms(
        of vignette: Int, pairs: CalibrationPairs, slopeFit: (intercept: Double, slope: Double)?, offsetFit: Double?
    ) -> ExpansionRow {
        var terms = ExpansionRow()
        for p in pairs.range(of: vignette) {
            let x = pairs.x[p]
            let y = pairs.y[p]
            if let slopeFit {
                let mu = LogisticRecalibration.sigmoid(slopeFit.intercept + slopeFit.slope * x)
                let v = mu * (1 - mu)
                let dv = v * (1 - 2 * mu)
                terms[Term.ga] += y - mu
                terms[Term.gb] += (y - mu) * x
                terms[Term.haa] += v
                terms[Term.hab] += v * x
                terms[Term.hbb] += v * x * x
                terms[Term.t0] += dv
                terms[Term.t1] += dv * x
                terms[Term.t2] += dv * x * x
                terms[Term.t3] += dv * x * x * x
            }
            if let offsetFit {
                let mu = LogisticRecalibration.sigmoid(offsetFit + x)
                let v = mu * (1 - mu)
                terms[Term.g0] += y - mu
                terms[Term.h0] += v
                terms[Term.u0] += v * (1 - 2 * mu)
            }
        }
        return terms
    }

    /// A replicate's estimates from its weighted sums `s` of the members' expansion terms
    /// (``Term``).
    ///
    /// `oneStep` is θ̂ + δ₁ with δ₁ = H⁻¹g. `expanded` is θ̂ + δ with δ the root of the gradient
    /// expanded to second order, F(δ) = g − H·δ − ½·Σ v'·(zᵀδ)²·z = 0, found by Newton's method on
    /// F from δ₁ (four steps); it is `nil` unless that root is a maximum of the expanded
    /// likelihood (its Jacobian negative definite), F vanishes there to 1e-9 of g, and
    /// |δ| ≤ 2·|δ₁| — as holds whenever δ is small against the curvature, that is, for all but
    /// the smallest populations. Both are `nil` where H is singular.
    struct Estimates {
        var oneStep: Double?
        var expanded: Double?
        var oneStepSlope: (intercept: Double, slope: Double)?
        var expandedSlope: (intercept: Double, slope: Double)?
    }

    static func estimates(
        _ s: ExpansionRow, slopeFit: (intercept: Double, slope: Double)?, offsetFit: Double?
    ) -> Estimates {
        var estimates = Estimates()
        if let offsetFit, s[Term.h0] > 0 {
            let g = s[Term.g0], h = s[Term.h0], u = s[Term.u0]
            let first = g / h
            var d = first
            var jacobian = h
            for _ in 0..<4 {
                jacobian = h + u * d
                guard jacobian > 0 else { break }
                d += (g - h * d - 0.5 * u * d * d) / jacobian
            }
            let residual = g - h * d - 0.5 * u * d * d
            if first.isFinite { estimates.oneStep = offsetFit + first }
            if d.isFinite, h + u * d > 0, abs(residual) <= 1e-9 * (abs(g) + 1e-300), abs(d) <= 2 * abs(first) {
                estimates.expanded = offsetFit + d
            }
        }
        if let slopeFit {
            let haa = s[Term.haa], hab = s[Term.hab], hbb = s[Term.hbb]
            let det = haa * hbb - hab * hab
            if det > 0 {
                let ga = s[Term.ga], gb = s[Term.gb]
                let t0 = s[Term.t0], t1 = s[Term.t1], t2 = s[Term.t2], t3 = s[Term.t3]
                func residual(_ da: Double, _ db: Double) -> (Double, Double) {
                    let aa = da * da, ab = 2 * da * db, bb = db * db
                    return (ga - (haa * da + hab * db) - 0.5 * (t0 * aa + t1 * ab + t2 * bb),
                            gb - (hab * da + hbb * db) - 0.5 * (t1 * aa + t2 * ab + t3 * bb))
                }
                // −(Jacobian of F) at δ: H + M(δ), M = Σ v'·(zᵀδ)·zzᵀ.
                func curvature(_ da: Double, _ db: Double) -> (aa: Double, ab: Double, bb: Double) {
                    (haa + t0 * da + t1 * db, hab + t1 * da + t2 * db, hbb + t2 * da + t3 * db)
                }
                let firstA = (hbb * ga - hab * gb) / det
                let firstB = (haa * gb - hab * ga) / det
                var da = firstA
                var db = firstB
                for _ in 0..<4 {
                    let j = curvature(da, db)
                    let jdet = j.aa * j.bb - j.ab * j.ab
                    guard j.aa > 0, jdet > 0 else { break }
                    let f = residual(da, db)
                    da += (j.bb * f.0 - j.ab * f.1) / jdet
                    db += (j.aa * f.1 - j.ab * f.0) / jdet
                }
                if firstA.isFinite, firstB.isFinite {
                    estimates.oneStepSlope = (slopeFit.intercept + firstA, slopeFit.slope + firstB)
                }
                let f = residual(da, db)
                let j = curvature(da, db)
                let converged = max(abs(f.0), abs(f.1)) <= 1e-9 * (max(abs(ga), abs(gb)) + 1e-300)
                let isMaximum = j.aa > 0 && j.aa * j.bb - j.ab * j.ab > 0
                let isNear = max(abs(da), abs(db)) <= 2 * max(abs(firstA), abs(firstB))
                if da.isFinite, db.isFinite, converged, isMaximum, isNear {
                    estimates.expandedSlope = (slopeFit.intercept + da, slopeFit.slope + db)
                }
            }
        }
        return estimates
    }

    var count: Int { members.count }

    /// For each replicate b of the batch, [ece, mce, brier, intercept, slope] at `5b`, NaN where
    /// undefined. `fits: false` leaves the last two NaN (comparisons do not use them).
    func statistics(_ batch: CountBatch, fits: Bool, into output: UnsafeMutableBufferPointer<Double>) {
        output.update(repeating: .nan)
        binnedStatistics(batch, into: output)
        if fits { fitStatistics(batch, into: output) }
    }

    /// `ece`, `mce` and `brier` of each replicate.
    private func binnedStatistics(_ batch: CountBatch, into output: UnsafeMutableBufferPointer<Double>) {
        let width = Statistic.allCases.count
        let bins = CalibrationBins.count
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
    }

    /// `calibration_intercept` and `calibration_slope` of each replicate: the starting estimates,
    /// refitted exactly when ``refitsExactly``.
    private func fitStatistics(_ batch: CountBatch, into output: UnsafeMutableBufferPointer<Double>) {
        guard !expansion.isEmpty, let ranges else { return }
        let width = Statistic.allCases.count
        var termSums = [ExpansionRow](repeating: ExpansionRow(), count: batch.size)
        expansion.withUnsafeBufferPointer { terms in
            var blockStart = 0
            while blockStart < members.count {
                let blockEnd = min(members.count, blockStart + Self.block)
                for b in 0..<batch.size {
                    let counts = batch.replicate(b)
                    var low = termSums[b].low
                    var high = termSums[b].high
                    for j in blockStart..<blockEnd {
                        let w = Double(counts[j])
                        low += w * terms[j].low
                        high += w * terms[j].high
                    }
                    termSums[b] = ExpansionRow(low: low, high: high)
                }
                blockStart = blockEnd
            }
        }
        for b in 0..<batch.size {
            let weights = batch.replicate(b)
            let overlap = ranges.overlap(weights)
            let estimates = Self.estimates(termSums[b], slopeFit: slopeFit, offsetFit: offsetFit)
            var intercept: Double?
            var slope: Double?
            if refitsExactly {
                // Newton's method from the expanded estimate, or from the one-step estimate
                // where the expansion does not hold (a small population's replicate).
                members.withUnsafeBufferPointer { buffer in
                    let sample = LogisticRecalibration.Sample(pairs: pairs, members: buffer, weights: weights)
                    if let offsetFit, overlap.hasBothClasses {
                        intercept = LogisticRecalibration.refitOffsetIntercept(
                            sample, from: estimates.expanded ?? estimates.oneStep ?? offsetFit)
                    }
                    if let slopeFit, overlap.isOverlapping {
                        slope = LogisticRecalibration.refitSlope(
                            sample, from: estimates.expandedSlope ?? estimates.oneStepSlope ?? slopeFit)
                    }
                }
            } else {
                if overlap.hasBothClasses { intercept = estimates.expanded ?? estimates.oneStep }
                if overlap.isOverlapping { slope = (estimates.expandedSlope ?? estimates.oneStepSlope)?.slope }
            }
            if let intercept { output[b * width + 3] = intercept }
            if let slope { output[b * width + 4] = slope }
        }
    }
}
