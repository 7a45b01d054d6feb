/// A double-double number: the unevaluated sum `high + low` of two binary64 numbers with
/// `|low| ≤ ulp(high) / 2`, about 106 significant bits.
///
/// The algorithms are the "accurate" double-word algorithms analysed by Joldes, Muller and Popescu
/// (ACM TOMS 44(2), 2017): addition (DWPlusDW, ≤ 3u² + 13u³), multiplication (DWTimesDW1,
/// ≤ 7u²) and division (DWDivDW1, ≤ 15u² + 56u³), with `u = 2⁻⁵³`. Exact products use Dekker's
/// split, so no fused multiply–add is needed. ``operationRoundoff`` is `16u² = 2⁻¹⁰²`, which covers
/// all three. `1 − x` for a binary64 `x` is exact. Values must stay well inside the binary64
/// exponent range (the engine only feeds it numbers in [2⁻⁹⁰⁰, 2⁶⁰]).
struct DoubleDouble: Sendable {
    /// The leading component.
    var high: Double
    /// The trailing component.
    var low: Double

    init(high: Double, low: Double) {
        self.high = high
        self.low = low
    }

    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        let bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    @inline(__always)
    static func fastTwoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        return (s, b - (s - a))
    }

    @inline(__always)
    static func split(_ a: Double) -> (high: Double, low: Double) {
        let t = 134_217_729.0 * a  // 2^27 + 1
        let high = t - (t - a)
        return (high, a - high)
    }

    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let p = a * b
        let (ah, al) = split(a)
        let (bh, bl) = split(b)
        let error = ((ah * bh - p) + ah * bl + al * bh) + al * bl
        return (p, error)
    }
}

extension DoubleDouble: QuickscoreScalar {
    static var arithmetic: ExactArithmetic { .doubleDouble }
    static var operationRoundoff: Double { 0x1p-102 }
    static var isCorrectlyRounded: Bool { false }
    static var zero: DoubleDouble { DoubleDouble(high: 0, low: 0) }
    static var one: DoubleDouble { DoubleDouble(high: 1, low: 0) }

    init(_ value: Double) {
        self.init(high: value, low: 0)
    }

    static func oneMinus(_ x: Double) -> DoubleDouble {
        let (s, e) = twoSum(1, -x)
        return DoubleDouble(high: s, low: e)
    }

    var doubleValue: Double { high + low }

    var magnitude: DoubleDouble { high < 0 ? -self : self }

    @inline(__always)
    static prefix func - (operand: DoubleDouble) -> DoubleDouble {
        DoubleDouble(high: -operand.high, low: -operand.low)
    }

    @inline(__always)
    static func + (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let (sh, sl) = twoSum(x.high, y.high)
        let (th, tl) = twoSum(x.low, y.low)
        let c = sl + th
        let (vh, vl) = fastTwoSum(sh, c)
        let w = tl + vl
        let (zh, zl) = fastTwoSum(vh, w)
        return DoubleDouble(high: zh, low: zl)
    }

    @inline(__always)
    static func - (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        x + (-y)
    }

    @inline(__always)
    static func * (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let (ch, cl1) = twoProduct(x.high, y.high)
        let tl1 = x.high * y.low
        let tl2 = x.low * y.high
        let cl2 = tl1 + tl2
        let cl3 = cl1 + cl2
        let (zh, zl) = fastTwoSum(ch, cl3)
        return DoubleDouble(high: zh, low: zl)
    }

    @inline(__always)
    static func / (x: DoubleDouble, y: DoubleDouble) -> DoubleDouble {
        let th = x.high / y.high
        // r = y × th (double-word times double, DWTimesFP1).
        let (ch, cl1) = twoProduct(y.high, th)
        let cl2 = y.low * th
        let (sh, sl1) = fastTwoSum(ch, cl2)
        let (rh, rl) = fastTwoSum(sh, sl1 + cl1)
        let pih = x.high - rh
        let deltaL = x.low - rl
        let delta = pih + deltaL
        let tl = delta / y.high
        let (zh, zl) = fastTwoSum(th, tl)
        return DoubleDouble(high: zh, low: zl)
    }

    static func < (x: DoubleDouble, y: DoubleDouble) -> Bool {
        x.high < y.high || (x.high == y.high && x.low < y.low)
    }
}
