/// Exact posterior marginals of one component by variable elimination over its conditions, with
/// each shared positive finding written as a chain (the sequential decomposition of a noisy-OR).
///
/// ## Idea
/// A noisy-OR finding j is the OR of its leak and of one independent "trigger" per active cause:
/// visiting the conditions in a fixed order, the state `Y_j` ("already triggered") starts at 1
/// with probability `r_j = 1 − L_j` and each active cause d turns a 0 into a 1 with probability
/// `q_{d,j}`. The evidence asks for `Y_j = 1` at the end. Summing the conditions out one by one
/// in that order keeps a table over the findings that are *open* — linked to a condition already
/// visited and to one still to come (the frontier): a finding enters the frontier at its first
/// cause (its table doubles, weights `L_j` and `r_j`) and leaves it after its last cause (the
/// table keeps its `Y_j = 1` half). Visiting condition d maps the table α to
///
///     α' = a_d · α + b_d · T_d α,   T_d = Π_{j links d} (per-bit map y_j=0 → (1 − q) y_j=0 + q y_j=1),
///
/// and `P(evidence) = α_final`. A backward pass with the transposed maps gives `β`, and
/// `N_d = b_d ⟨α_before d, T_dᵀ β_after d⟩`, the joint of d present and the evidence, for every
/// condition in one sweep.
///
/// ## Accuracy
/// Every number involved — weights, `q`, `1 − q`, `L_j`, `r_j` (built as sums of non-negative
/// terms, as in the reduction) and every table entry — is non-negative, and the only operations
/// are additions and multiplications of non-negative numbers. There is no cancellation, so each
/// computed value is its exact value times `(1 + θ)` with `|θ| ≤ γ(n)`, where n is the number of
/// roundings on the longest path to it (counted per step in ``run(_:plan:)``), whatever the
/// evidence. A marginal `N_d / P` is therefore within `(1 + γ(n_N))(1 + u) / (1 − γ(n_P)) − 1`
/// (relative, hence absolute since it is at most 1) of the exact value of the reduced problem,
/// typically 1e-13 — in binary64, with no wider arithmetic needed. Underflow is charged at
/// 2⁻¹⁰⁷⁴ per operation (every sensitivity is at most 1 because all maps are stochastic
/// or sub-stochastic); a run whose `P` is below 2⁻⁸⁰⁰ gives up (the caller falls back).
///
/// ## Cost
/// `Σ_steps 2^w · (3 links_d + 6)` for forward, backward and the dot products, where w is the
/// frontier width at that step. The order of the conditions is chosen greedily (``plan(_:)``):
/// next is the condition that leaves the fewest findings open. On DDXPlus vignettes the largest
/// frontier is 1–3 findings below k and `Σ 2^w` is 15–100 times smaller than Quickscore's `m·2^k`.
enum FrontierElimination {
    /// One visit of a condition.
    struct Step {
        /// The component-local condition.
        var condition: Int
        /// Findings that enter the frontier before the visit; each takes the next slot on top.
        var opened: [Int]
        /// The frontier width during the visit (after opening).
        var width: Int
        /// The condition's links as (slot, q).
        var links: [(slot: Int, probability: Double)]
        /// Slots of the findings that leave the frontier after the visit, in descending order.
        var closed: [Int]
        /// Where the forward table before the visit is stored.
        var offset: Int
    }

    /// The visiting order and its cost.
    struct Plan {
        /// The steps, in order.
        var steps: [Step]
        /// The largest frontier width.
        var maxWidth: Int
        /// Table entries stored for the backward pass (`Σ 2^w`).
        var storage: Int
        /// The estimated number of floating-point operations.
        var cost: Double
    }

    /// Orders the conditions greedily: each next condition is the one after which the fewest
    /// findings stay open (ties: the fewest findings open during its visit, then the lowest
    /// index). Component-local findings and conditions; at most 64 findings.
    static func plan(_ component: ReducedComponent) -> Plan? {
        let k = component.findings.count
        let m = component.conditions.count
        guard k <= 64, k > 0, m > 0 else { return nil }
        var mask = [UInt64](repeating: 0, count: m)
        var remaining = [Int](repeating: 0, count: k)
        var linksOf = [[(finding: Int, probability: Double)]](repeating: [], count: m)
        for (j, finding) in component.findings.enumerated() {
            for link in finding.links {
                mask[link.condition] |= 1 << UInt64(j)
                remaining[j] += 1
                linksOf[link.condition].append((j, link.probability))
            }
        }
        var visited = [Bool](repeating: false, count: m)
        var open: UInt64 = 0
        var slots: [Int] = []  // finding in each slot
        var steps: [Step] = []
        var storage = 0
        var maxWidth = 0
        var cost = 0.0
        for _ in 0..<m {
            var best = -1
            var bestScore = (Int.max, Int.max)
            for d in 0..<m where !visited[d] {
                var closing: UInt64 = 0
                var bits = mask[d]
                while bits != 0 {
                    let j = bits.trailingZeroBitCount
                    bits &= bits - 1
                    if remaining[j] == 1 { closing |= 1 << UInt64(j) }
                }
                let during = open | mask[d]
                let score = ((during & ~closing).nonzeroBitCount, during.nonzeroBitCount)
                if score < bestScore {
                    bestScore = score
                    best = d
                }
            }
            guard best >= 0 else { return nil }
            visited[best] = true
            var opened: [Int] = []
            var bits = mask[best] & ~open
            while bits != 0 {
                let j = bits.trailingZeroBitCount
                bits &= bits - 1
                opened.append(j)
                slots.append(j)
            }
            open |= mask[best]
            let width = slots.count
            let links = linksOf[best].map { link in (slot: slots.firstIndex(of: link.finding) ?? 0, probability: link.probability) }
            var closed: [Int] = []
            for link in linksOf[best] {
                remaining[link.finding] -= 1
                if remaining[link.finding] == 0 {
                    open &= ~(1 << UInt64(link.finding))
                    closed.append(slots.firstIndex(of: link.finding) ?? 0)
                }
            }
            closed.sort(by: >)
            for slot in closed { slots.remove(at: slot) }
            steps.append(
                Step(condition: best, opened: opened, width: width, links: links, closed: closed, offset: storage))
            guard width <= 40 else { return nil }
            storage += 1 << width
            maxWidth = max(maxWidth, width)
            cost += Double(1 << width) * Double(3 * links.count + 6)
        }
        return Plan(steps: steps, maxWidth: maxWidth, storage: storage, cost: cost)
    }

    /// Runs the elimination.
    /// - Returns: The marginals of the local conditions and their absolute error bound, or `nil`
    ///   when `P(evidence)` is too small for the underflow bound.
    static func run(_ component: ReducedComponent, plan: Plan) -> (marginals: [Double], errorBound: Double)? {
        let k = component.findings.count
        let m = component.conditions.count
        // L_j and r_j = 1 − L_j, both as products / sums of non-negative terms.
        var keep = [Double](repeating: 0, count: k)
        var trigger = [Double](repeating: 0, count: k)
        var openRoundings = 0
        var bwdOpenRoundings = 0
        for (j, finding) in component.findings.enumerated() {
            var l = 1 - finding.leak
            var r = finding.leak
            for q in finding.certainCauseProbabilities {
                l *= 1 - q
                r = r * (1 - q) + q
            }
            keep[j] = l
            trigger[j] = r
            let certain = finding.certainCauseProbabilities.count
            openRoundings += 2 + 3 * certain
            bwdOpenRoundings += 3 + 3 * certain
        }
        let a = component.absentWeight
        let b = component.presentWeight
        let size = 1 << plan.maxWidth
        let stored = UnsafeMutablePointer<Double>.allocate(capacity: max(plan.storage, 1))
        let current = UnsafeMutablePointer<Double>.allocate(capacity: size)
        let work = UnsafeMutablePointer<Double>.allocate(capacity: size)
        defer {
            stored.deallocate()
            current.deallocate()
            work.deallocate()
        }

        // Forward.
        var width = 0
        current[0] = 1
        var stepRoundings = 0
        var bwdStepRoundings = 0
        var operations = 0.0
        for step in plan.steps {
            for j in step.opened {
                let half = 1 << width
                let l = keep[j]
                let r = trigger[j]
                for y in 0..<half {
                    let x = current[y]
                    current[y + half] = r * x
                    current[y] = l * x
                }
                width += 1
            }
            let n = 1 << width
            (stored + step.offset).update(from: current, count: n)
            work.update(from: current, count: n)
            for link in step.links { butterfly(work, count: n, slot: link.slot, q: link.probability) }
            let ad = a[step.condition]
            let bd = b[step.condition]
            for y in 0..<n { current[y] = ad * current[y] + bd * work[y] }
            for slot in step.closed {
                keepUpperHalf(current, count: 1 << width, slot: slot)
                width -= 1
            }
            stepRoundings += 2 * step.links.count + 2
            bwdStepRoundings += 3 * step.links.count + 2
            operations += Double(n) * Double(3 * step.links.count + 6)
        }
        let p = current[0]
        guard p >= 0x1p-800, p.isFinite else { return nil }

        // Backward: β after the last step is 1 (every finding closed and present).
        var numerators = [Double](repeating: 0, count: m)
        width = 0
        current[0] = 1
        var sumRoundings = 0
        for step in plan.steps.reversed() {
            for slot in step.closed.reversed() {
                width += 1
                insertZeroBit(current, count: 1 << width, slot: slot)
            }
            let n = 1 << width
            work.update(from: current, count: n)
            for link in step.links { transposedButterfly(work, count: n, slot: link.slot, q: link.probability) }
            let (dot, roundings) = dotProduct(stored + step.offset, work, count: n)
            sumRoundings = max(sumRoundings, roundings)
            let ad = a[step.condition]
            let bd = b[step.condition]
            numerators[step.condition] = bd * dot
            for y in 0..<n { current[y] = ad * current[y] + bd * work[y] }
            for j in step.opened.reversed() {
                let half = 1 << (width - 1)
                let l = keep[j]
                let r = trigger[j]
                for y in 0..<half { current[y] = l * current[y] + r * current[y + half] }
                width -= 1
            }
        }

        // Error bound (see the type's documentation).
        let u = 0x1p-53
        func gamma(_ c: Int) -> Double { Double(c) * u / (1 - Double(c) * u) }
        let forwardRoundings = openRoundings + stepRoundings
        let backwardRoundings = bwdOpenRoundings + bwdStepRoundings
        let nP = forwardRoundings
        let nN = forwardRoundings + backwardRoundings + sumRoundings + 2
        let gP = gamma(nP)
        let relative = (1 + gamma(nN)) * (1 + u) / (1 - gP) - 1
        let underflow = 2 * operations * 3 * 0x1p-1074 / (p * (1 - gP))
        let bound = relative + underflow
        var marginals = [Double](repeating: 0, count: m)
        for d in 0..<m {
            let value = numerators[d] / p
            marginals[d] = value.isNaN ? 0 : min(max(value, 0), 1)
        }
        return (marginals, bound)
    }

    // MARK: Kernels

    /// `T` for one finding: entries with bit `slot` clear keep `(1 − q)`, the rest gain `q` times
    /// their partner.
    @inline(__always)
    static func butterfly(_ x: UnsafeMutablePointer<Double>, count: Int, slot: Int, q: Double) {
        let half = 1 << slot
        let stay = 1 - q
        var base = 0
        while base < count {
            let low = x + base
            let high = x + base + half
            for i in 0..<half {
                let v = low[i]
                high[i] = high[i] + q * v
                low[i] = stay * v
            }
            base += 2 * half
        }
    }

    /// `Tᵀ` for one finding: entries with bit `slot` clear become `(1 − q) x + q x_partner`.
    @inline(__always)
    static func transposedButterfly(_ x: UnsafeMutablePointer<Double>, count: Int, slot: Int, q: Double) {
        let half = 1 << slot
        let stay = 1 - q
        var base = 0
        while base < count {
            let low = x + base
            let high = x + base + half
            for i in 0..<half { low[i] = stay * low[i] + q * high[i] }
            base += 2 * half
        }
    }

    /// Keeps the entries of a `count`-entry table whose bit `slot` is set, compacted in place to
    /// `count / 2` entries (higher bits move down one place).
    static func keepUpperHalf(_ x: UnsafeMutablePointer<Double>, count: Int, slot: Int) {
        let half = 1 << slot
        var source = half
        var target = 0
        while source < count {
            (x + target).update(from: x + source, count: half)  // the ranges never overlap
            target += half
            source += 2 * half
        }
    }

    /// The inverse of ``keepUpperHalf``: expands `count / 2` entries to `count`, with zeros where
    /// bit `slot` is clear.
    static func insertZeroBit(_ x: UnsafeMutablePointer<Double>, count: Int, slot: Int) {
        let half = 1 << slot
        var block = count / (2 * half) - 1
        while block >= 0 {
            let target = x + block * 2 * half
            (target + half).update(from: x + block * half, count: half)
            target.update(repeating: 0, count: half)
            block -= 1
        }
    }

    /// `Σ x_i y_i` of non-negative numbers: runs of up to 64 terms summed in order, the runs
    /// pairwise.
    /// - Returns: The sum and the largest number of roundings on any term's path.
    static func dotProduct(
        _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int
    ) -> (Double, Int) {
        if count <= 64 {
            var sum = 0.0
            for i in 0..<count { sum += x[i] * y[i] }
            return (sum, max(count, 1))
        }
        let half = count / 2
        let (left, leftRoundings) = dotProduct(x, y, count: half)
        let (right, rightRoundings) = dotProduct(x + half, y + half, count: count - half)
        return (left + right, max(leftRoundings, rightRoundings) + 1)
    }
}
