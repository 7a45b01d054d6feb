import Testing

@testable import ClinvalInference

@Suite struct DoubleDoubleTests {
    @Test func oneMinusATinyNumberIsExact() {
        let value = DoubleDouble.oneMinus(1e-30)
        #expect(value.high == 1)
        #expect(value.low == -1e-30)
    }

    @Test func productKeepsBitsThatBinary64Loses() {
        // (1 + 2^-40)^2 = 1 + 2^-39 + 2^-80: the last term is below binary64's precision.
        let x = DoubleDouble(1 + 0x1p-40)
        let square = x * x
        #expect(square.high == 1 + 0x1p-39)
        #expect(square.low == 0x1p-80)
    }

    @Test func divisionIsAccurateToAboutOneHundredBits() {
        let third = DoubleDouble.one / DoubleDouble(3)
        let back = third * DoubleDouble(3) - DoubleDouble.one
        #expect(abs(back.doubleValue) <= 0x1p-100)
        #expect(third.high == 1.0 / 3)
    }

    @Test func cancellationLeavesTheLowPart() {
        let a = DoubleDouble.oneMinus(0x1p-70)  // 1 − 2^-70
        let difference = DoubleDouble.one - a
        #expect(difference.doubleValue == 0x1p-70)
        #expect((-a).magnitude == a)
        #expect(a < DoubleDouble.one)
    }
}
