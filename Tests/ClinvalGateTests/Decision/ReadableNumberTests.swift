import ClinvalGate
import Testing

@Suite struct ReadableNumberTests {
    @Test(arguments: [
        (0.8431, "0.843"), (0.81, "0.810"), (0.017, "0.017"), (0.0, "0.000"), (1.0, "1.000"),
        (0.00042, "0.00042"), (0.0000123, "0.000012"), (0.0005, "0.001"), (-0.02, "−0.020"), (1.2345, "1.235"),
    ])
    func sharesHaveThreeDecimalsOrTwoSignificantDigits(_ value: Double, _ text: String) {
        #expect(ReadableNumber.measured(value, kind: .proportion) == text)
    }

    @Test func countsAndLatenciesAreWholeWhenWhole() {
        #expect(ReadableNumber.measured(2, kind: .count) == "2")
        #expect(ReadableNumber.measured(515, kind: .size) == "515")
        #expect(ReadableNumber.measured(412, kind: .latency) == "412")
        #expect(ReadableNumber.measured(412.25, kind: .latency) == "412.3")
        #expect(ReadableNumber.measured(2.5, kind: .count) == "2.5")
    }

    @Test(arguments: [(0.8, "0.80"), (0.02, "0.02"), (0.025, "0.025"), (1.0, "1.00"), (0.00001, "0.00001"), (0.0, "0.00")])
    func settingsReadAsWritten(_ value: Double, _ text: String) {
        #expect(ReadableNumber.setting(value, kind: .proportion) == text)
    }

    @Test func wholeSettingsHaveNoDecimals() {
        #expect(ReadableNumber.setting(0, kind: .count) == "0")
        #expect(ReadableNumber.setting(800, kind: .latency) == "800")
        #expect(ReadableNumber.setting(2.5, kind: .latency) == "2.5")
    }

    @Test func signedSettingsShowBothSigns() {
        #expect(ReadableNumber.setting(-0.02, kind: .proportion, signed: true) == "−0.02")
        #expect(ReadableNumber.setting(0.02, kind: .proportion, signed: true) == "+0.02")
        #expect(ReadableNumber.setting(0, kind: .proportion, signed: true) == "0.00")
    }

    @Test func valueCloseToTheThresholdGetsDigitsUntilItDiffers() {
        #expect(ReadableNumber.measured(0.7996, kind: .proportion, distinctFrom: 0.8) == "0.7996")
        #expect(ReadableNumber.measured(0.0199, kind: .proportion, distinctFrom: 0.02) == "0.0199")
        #expect(ReadableNumber.measured(0.80000001, kind: .proportion, distinctFrom: 0.8) == "0.80000001")
    }

    @Test func valueEqualToTheThresholdKeepsItsDigits() {
        #expect(ReadableNumber.measured(0.8, kind: .proportion, distinctFrom: 0.8) == "0.800")
    }

    @Test func fixedRoundsHalvesAwayFromZero() {
        #expect(ReadableNumber.fixed(2.5, decimals: 0) == "3")
        #expect(ReadableNumber.fixed(-2.5, decimals: 0) == "−3")
        #expect(ReadableNumber.fixed(0.125, decimals: 2) == "0.13")
    }

    @Test func negativeValueRoundingToZeroHasNoSign() {
        #expect(ReadableNumber.fixed(-0.0001, decimals: 3) == "0.000")
        #expect(ReadableNumber.fixed(0.0001, decimals: 3, signed: true) == "0.000")
    }

    @Test func differencesCarryAPlusSign() {
        #expect(ReadableNumber.measured(0.003, kind: .proportion, signed: true) == "+0.003")
        #expect(ReadableNumber.measured(-0.003, kind: .proportion, signed: true) == "−0.003")
    }

    @Test(arguments: [(0.21, "= 0.21"), (0.012, "= 0.012"), (1.0, "= 1.00"), (0.0004, "< 0.001"), (0.001, "= 0.0010")])
    func pValuesHaveTwoSignificantDigits(_ value: Double, _ text: String) {
        #expect(ReadableNumber.pValue(value) == text)
    }

    @Test func nonFiniteNumbersDoNotCrash() {
        #expect(ReadableNumber.measured(.nan, kind: .proportion) == "undefined")
        #expect(ReadableNumber.setting(.infinity, kind: .count) == "∞")
        #expect(ReadableNumber.fixed(1e300, decimals: 3) == "1e+300")
    }
}
