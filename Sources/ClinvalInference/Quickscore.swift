/// Quickscore: exact posterior marginals of one component by inclusion–exclusion over its
/// shared positive findings, with a rigorous per-run error bound.
///
/// ## Formula
/// With local conditions d (normalised weights `a_d + b_d = 1`) and shared positive findings
/// j ∈ K (`L_j = (1 − l_j) Π_certain (1 − q)`),
///
///     P = Σ_{S⊆K} (−1)^|S| Π_{j∈S} L_j · Π_d F_d(S),   F_d(S) = a_d + b_d C_d(S),
///     C_d(S) = Π_{j∈S} (1 − q_{d,j}),
///     N_d = Σ_{S⊆K} (−1)^|S| Π_{j∈S} L_j · Π_d F_d(S) · R_d(S),   R_d(S) = b_d C_d(S) / F_d(S),
///
/// and the posterior of d is `N_d / P`.
///
/// ## Evaluation
/// K is split into a low (inner) part and a high (outer) part (``plan(_:)``). Tables
/// `C_lo[d][s]` and `C_hi[d][t]` hold the products over each part, built by one multiplication
/// per entry (`O(m·2^(k/2))`), so `C_d(S) = C_lo[d][s] · C_hi[d][t]` costs one multiplication and
/// no logarithm or exponential. Conditions linked to no low finding are constant inside the inner
/// loop and cost `O(1)` per high subset. For each high subset t, `b_d·C_hi[d][t]` is formed once;
/// the low subsets are then processed in blocks of up to 32, which keeps the working set in L1
/// and lets the compiler vectorise the inner loops. Per (subset, inner condition) the work is two
/// multiplications, one addition, one division and one multiply–add.
///
/// ## Error bound
/// Every term is a product of non-negative factors, so its computed value has a relative error of
/// at most `c·u` where `u` is the arithmetic's ``QuickscoreScalar/operationRoundoff`` and `c`
/// counts the roundings: `c_P = Λ + 2m + 1 + (2k + 2)·Σ_d b_d + c_Σ` for P (Λ: roundings in the
/// `L_j` products; `(2k + 2)·Σ b_d` bounds the roundings inside `C_d`, which reach `F_d` scaled by
/// `b_d C_d / F_d ≤ b_d`; `c_Σ`: summation), and `c_N = c_P + 4k + 7` for `N_d`. With
/// `A = Σ|terms|`, `|ΔP| ≤ γ(c_P)·A` and `|ΔN_d| ≤ γ(c_N)·A`, so every posterior is within
/// `(γ(c_P) + γ(c_N))·A / (P̂ − γ(c_P)·A)` of the exact value of the reduced problem, where
/// `γ(c) = c·u / (1 − c·u)`. `A / P` is the condition number κ of the cancellation; it grows
/// roughly like `Π_j 2 / P(j present)`, which is why binary64 is not always enough.
enum Quickscore {
    /// The result of one run.
    struct Outcome {
        /// The posterior marginal of each local condition (valid only if `accepted`).
        var marginals: [Double]
        /// The bound on the absolute error of every marginal (∞ if `P̂` was not positive).
        var errorBound: Double
        /// Whether `errorBound ≤ tolerance`.
        var accepted: Bool
        /// A lower bound on the condition number `A / P` of the exact sum.
        var conditionNumberLowerBound: Double
    }

    /// The number of low subsets processed together.
    static let blockSize = 32

    /// The number of roundings charged to one term of P (see the type's documentation),
    /// excluding summation.
    static func termRoundings(_ component: ReducedComponent) -> Double {
        let k = component.findings.count
        let m = component.conditions.count
        var lambda = 2
        for finding in component.findings { lambda += 2 + 2 * finding.certainCauseProbabilities.count }
        let presentSum = component.presentWeight.reduce(0, +)
        return Double(lambda + 2 * m + 1) + Double(2 * k + 2) * presentSum
    }

    /// The split of a component's findings into an inner (low) and an outer (high) half.
    struct Plan {
        /// Findings in enumeration order: the first `lowCount` are the low half.
        var order: [Int]
        /// The number of low findings.
        var lowCount: Int
        /// Conditions linked to at least one low finding (they vary inside the inner loop).
        var inner: [Int]
        /// The other conditions (constant inside the inner loop).
        var outer: [Int]
    }

    /// Chooses the low half that minimises the estimated work.
    ///
    /// Findings are ordered greedily, each next one adding the fewest conditions not yet linked;
    /// the low half is the prefix of that order (at least 5 findings, so blocks stay full) with
    /// the smallest estimated cost `2^(k−lo) · (12·m_outer + 2^lo · (6·m_inner + 4))`.
    static func plan(_ component: ReducedComponent) -> Plan {
        let k = component.findings.count
        let m = component.conditions.count
        var covered = [Bool](repeating: false, count: m)
        var remaining = Array(0..<k)
        var order: [Int] = []
        var coveredCounts: [Int] = [0]
        var coveredCount = 0
        while !remaining.isEmpty {
            var bestPosition = 0
            var bestNew = Int.max
            for (position, j) in remaining.enumerated() {
                let new = component.findings[j].links.reduce(0) { $0 + (covered[$1.condition] ? 0 : 1) }
                if new < bestNew {
                    bestNew = new
                    bestPosition = position
                }
            }
            let j = remaining.remove(at: bestPosition)
            order.append(j)
            for link in component.findings[j].links where !covered[link.condition] {
                covered[link.condition] = true
                coveredCount += 1
            }
            coveredCounts.append(coveredCount)
        }
        var bestLow = (k + 1) / 2
        var bestCost = Double.infinity
        for low in min(k, 5)...k {
            let inner = Double(coveredCounts[low])
            let perHighSubset = 12 * (Double(m) - inner) + 2 * inner + 10 + Double(1 << low) * (6 * inner + 4)
            let cost = Double(1 << (k - low)) * (perHighSubset + Double(m)) + Double(1 << low) * inner
            if cost < bestCost {
                bestCost = cost
                bestLow = low
            }
        }
        var isInner = [Bool](repeating: false, count: m)
        for j in order.prefix(bestLow) {
            for link in component.findings[j].links { isInner[link.condition] = true }
        }
        return Plan(
            order: order, lowCount: bestLow, inner: (0..<m).filter { isInner[$0] },
            outer: (0..<m).filter { !isInner[$0] })
    }

    /// Runs Quickscore on `component` in arithmetic `T`.
    /// - Parameters:
    ///   - component: The reduced component (k ≥ 1 findings, m ≥ 1 conditions).
    ///   - arithmetic: The scalar type.
    ///   - tolerance: The largest acceptable absolute error bound.
    @_specialize(where T == Double)
    @_specialize(where T == DoubleDouble)
    #if (arch(x86_64) || arch(i386)) && !(os(Windows) || os(Android))
    @_specialize(where T == Float80)
    #endif
    static func run<T: QuickscoreScalar>(
        _ component: ReducedComponent, in arithmetic: T.Type, tolerance: Double
    ) -> Outcome {
        let k = component.findings.count
        let m = component.conditions.count
        let plan = plan(component)
        let lowCount = plan.lowCount
        let highCount = k - lowCount
        let lowSubsets = 1 << lowCount
        let highSubsets = 1 << highCount
        let block = min(lowSubsets, blockSize)
        let innerCount = plan.inner.count

        // Factors 1 − q per (position in plan order, condition); unlinked pairs are exactly 1.
        var factor = [T](repeating: .one, count: k * m)
        var linked = [Bool](repeating: false, count: k * m)
        var keep = [T](repeating: .one, count: k)
        for (position, j) in plan.order.enumerated() {
            let finding = component.findings[j]
            for link in finding.links {
                factor[position * m + link.condition] = T.oneMinus(link.probability)
                linked[position * m + link.condition] = true
            }
            var value = T.oneMinus(finding.leak)
            for q in finding.certainCauseProbabilities { value = value * T.oneMinus(q) }
            keep[position] = value
        }
        let a = component.absentWeight.map { T($0) }
        let b = component.presentWeight.map { T($0) }

        // Signed leak products per half, and C tables (condition-major).
        func signedProducts(offset: Int, count: Int) -> [T] {
            var table = [T](repeating: .one, count: 1 << count)
            var subset = 1
            while subset < table.count {
                let j = subset.trailingZeroBitCount
                table[subset] = -(table[subset & (subset - 1)] * keep[offset + j])
                subset += 1
            }
            return table
        }
        func causeProducts(offset: Int, count: Int, conditions: [Int]) -> [T] {
            let size = 1 << count
            var table = [T](repeating: .one, count: conditions.count * size)
            for (row, d) in conditions.enumerated() {
                let base = row * size
                var subset = 1
                while subset < size {
                    let j = offset + subset.trailingZeroBitCount
                    let previous = table[base + (subset & (subset - 1))]
                    table[base + subset] = linked[j * m + d] ? previous * factor[j * m + d] : previous
                    subset += 1
                }
            }
            return table
        }
        let wLow = signedProducts(offset: 0, count: lowCount)
        let wHigh = signedProducts(offset: lowCount, count: highCount)
        let cLow = causeProducts(offset: 0, count: lowCount, conditions: plan.inner)
        let cHigh = causeProducts(offset: lowCount, count: highCount, conditions: Array(0..<m))
        let innerA = plan.inner.map { a[$0] }

        var scaled = [T](repeating: .zero, count: innerCount)
        var outerRatio = [T](repeating: .zero, count: plan.outer.count)
        var ratio = [T](repeating: .zero, count: innerCount * block)
        var product = [T](repeating: .one, count: block)
        var total = CompensatedSum<T>()
        var absoluteTotal = T.zero
        var numerators = [CompensatedSum<T>](repeating: CompensatedSum<T>(), count: m)

        for t in 0..<highSubsets {
            var constant = wHigh[t]
            for (index, d) in plan.outer.enumerated() {
                let g = b[d] * cHigh[d * highSubsets + t]
                let f = a[d] + g
                constant = constant * f
                outerRatio[index] = g / f
            }
            for (row, d) in plan.inner.enumerated() { scaled[row] = b[d] * cHigh[d * highSubsets + t] }
            var row = CompensatedSum<T>()
            var start = 0
            while start < lowSubsets {
                for i in 0..<block { product[i] = constant * wLow[start + i] }
                for r in 0..<innerCount {
                    let ad = innerA[r]
                    let bd = scaled[r]
                    let base = r * lowSubsets + start
                    let ratioBase = r * block
                    for i in 0..<block {
                        let g = bd * cLow[base + i]
                        let f = ad + g
                        product[i] = product[i] * f
                        ratio[ratioBase + i] = g / f
                    }
                }
                var blockSum = T.zero
                var blockAbsolute = T.zero
                for i in 0..<block {
                    let w = product[i]
                    blockSum = blockSum + w
                    blockAbsolute = blockAbsolute + w.magnitude
                }
                row.add(blockSum)
                absoluteTotal = absoluteTotal + blockAbsolute
                for r in 0..<innerCount {
                    let ratioBase = r * block
                    var accumulator = T.zero
                    for i in 0..<block { accumulator = accumulator + product[i] * ratio[ratioBase + i] }
                    numerators[plan.inner[r]].add(accumulator)
                }
                start += block
            }
            let rowSum = row.value
            total.add(rowSum)
            for (index, d) in plan.outer.enumerated() { numerators[d].add(outerRatio[index] * rowSum) }
        }

        // Error bound.
        let u = T.operationRoundoff
        let blocks = Double(lowSubsets / block) * Double(highSubsets)
        let summation = Double(block) + (T.isCorrectlyRounded ? 8 + blocks * u : 5 + blocks)
        let cP = termRoundings(component) + summation
        let cN = cP + Double(4 * k + 7)
        func gamma(_ c: Double) -> Double { c * u < 0.5 ? c * u / (1 - c * u) : .infinity }
        let absoluteSum = absoluteTotal.doubleValue * (1 + 0x1p-40)
        // Underflow: at most 2^-960 absolute per operation, over every term.
        let underflow = Double(lowSubsets) * Double(highSubsets) * (cN + 4) * 0x1p-960
        let p = total.value
        let pDouble = p.doubleValue
        let deltaP = gamma(cP) * absoluteSum + underflow
        let pLow = pDouble - deltaP
        let kappaLow = absoluteSum / (abs(pDouble) + deltaP)
        guard pLow > 0, pLow.isFinite else {
            return Outcome(marginals: [], errorBound: .infinity, accepted: false, conditionNumberLowerBound: kappaLow)
        }
        let bound = ((gamma(cP) + gamma(cN)) * absoluteSum + 2 * underflow) / pLow + 0x1p-52
        var marginals = [Double](repeating: 0, count: m)
        for d in 0..<m {
            let value = (numerators[d].value / p).doubleValue
            marginals[d] = value.isNaN ? 0 : min(max(value, 0), 1)
        }
        return Outcome(
            marginals: marginals, errorBound: bound, accepted: bound <= tolerance,
            conditionNumberLowerBound: kappaLow)
    }
}

/// Kahan–Babuška–Neumaier summation (plain summation for arithmetic that is not correctly
/// rounded, where the compensation would not be exact anyway).
struct CompensatedSum<T: QuickscoreScalar>: Sendable {
    private var sum = T.zero
    private var compensation = T.zero

    /// The compensated sum so far.
    var value: T { sum + compensation }

    /// Adds `x`.
    @inline(__always)
    mutating func add(_ x: T) {
        guard T.isCorrectlyRounded else {
            sum = sum + x
            return
        }
        let t = sum + x
        if sum.magnitude >= x.magnitude {
            compensation = compensation + ((sum - t) + x)
        } else {
            compensation = compensation + ((x - t) + sum)
        }
        sum = t
    }
}
