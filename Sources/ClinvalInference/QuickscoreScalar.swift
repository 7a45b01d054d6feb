/// The arithmetic the Quickscore enumeration is generic over.
///
/// Every operation (`+`, `-`, `*`, `/`, ``oneMinus(_:)``) must have a relative error of at most
/// ``operationRoundoff``; the error bound of ``Quickscore`` counts operations and multiplies.
protocol QuickscoreScalar: Comparable, Sendable {
    /// The arithmetic, for reporting.
    static var arithmetic: ExactArithmetic { get }
    /// A bound on the relative error of one operation.
    static var operationRoundoff: Double { get }
    /// Whether `+` is a correctly rounded IEEE addition (so compensated summation is valid).
    static var isCorrectlyRounded: Bool { get }
    /// 0.
    static var zero: Self { get }
    /// 1.
    static var one: Self { get }
    /// Converts a binary64 value exactly.
    init(_ value: Double)
    /// `1 − x` for a binary64 `x` in [0, 1], with at most one rounding.
    static func oneMinus(_ x: Double) -> Self
    /// The nearest binary64 value.
    var doubleValue: Double { get }
    /// The absolute value.
    var magnitude: Self { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
}

extension Double: QuickscoreScalar {
    static var arithmetic: ExactArithmetic { .double }
    static var operationRoundoff: Double { 0x1p-53 }
    static var isCorrectlyRounded: Bool { true }
    static var one: Double { 1 }
    static func oneMinus(_ x: Double) -> Double { 1 - x }
    var doubleValue: Double { self }
}

#if (arch(x86_64) || arch(i386)) && !(os(Windows) || os(Android))
/// Whether this platform has the x87 80-bit extended type.
let extended80Available = true

extension Float80: QuickscoreScalar {
    static var arithmetic: ExactArithmetic { .extended80 }
    static var operationRoundoff: Double { 0x1p-64 }
    static var isCorrectlyRounded: Bool { true }
    static var one: Float80 { 1 }
    static func oneMinus(_ x: Double) -> Float80 { 1 - Float80(x) }
    var doubleValue: Double { Double(self) }
}
#else
/// Whether this platform has the x87 80-bit extended type.
let extended80Available = false
#endif
