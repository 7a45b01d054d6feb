import Foundation
import Testing

@testable import ClinvalReports

@Suite struct ReportFormatTests {
    @Test func fixedRoundsHalfAwayFromZeroWithAPointDecimalSeparator() {
        #expect(ReportFormat.fixed(0.82349, decimals: 4) == "0.8235")
        #expect(ReportFormat.fixed(2.5, decimals: 0) == "3")
        #expect(ReportFormat.fixed(-0.125, decimals: 2) == "-0.13")
        #expect(ReportFormat.fixed(12, decimals: 3) == "12.000")
        #expect(ReportFormat.fixed(0.05, decimals: 4) == "0.0500")
    }

    @Test func fixedNeverPrintsNegativeZero() {
        #expect(ReportFormat.fixed(-0.00001, decimals: 4) == "0.0000")
        #expect(ReportFormat.fixed(-0.0, decimals: 1) == "0.0")
    }

    @Test func fixedHasNoTextForNaNOrInfinity() {
        #expect(ReportFormat.fixed(.nan, decimals: 2) == nil)
        #expect(ReportFormat.fixed(-.infinity, decimals: 2) == nil)
    }

    @Test func secondsHaveThreeDecimalsAndAreNeverNegative() {
        #expect(ReportFormat.seconds(754.25) == "754.250")
        #expect(ReportFormat.seconds(0.0004) == "0.000")
        #expect(ReportFormat.seconds(-3) == "0.000")
        #expect(ReportFormat.seconds(.nan) == "0.000")
    }

    @Test func countsGroupThousandsFromFiveDigits() {
        #expect(ReportFormat.count(1800) == "1800")
        #expect(ReportFormat.count(19_950) == "19,950")
        #expect(ReportFormat.count(1_234_567) == "1,234,567")
    }

    @Test func durationsReadAsMinutesAndHours() {
        #expect(ReportFormat.duration(12.44) == "12.4 s")
        #expect(ReportFormat.duration(754.25) == "12 min 34 s")
        #expect(ReportFormat.duration(7_500) == "2 h 05 min")
    }
}
