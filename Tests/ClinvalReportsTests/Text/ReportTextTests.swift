import Testing

@testable import ClinvalReports

@Suite struct ReportTextTests {
    @Test func removesControlCharactersButKeepsTabAndLineBreaks() {
        #expect(ReportText.clean("a\u{0}b\u{7}c\u{1B}d\u{7F}e\u{85}f\tg\nh\ri") == "abcdef\tg\nh\ri")
    }

    @Test func removesBidirectionalOverridesAndIsolates() {
        #expect(ReportText.clean("x\u{202E}cod.exe\u{202C}y\u{2066}z\u{2069}") == "xcod.exeyz")
    }

    @Test func keepsRightToLeftLetters() {
        #expect(ReportText.clean("ألم في الصدر") == "ألم في الصدر")
    }

    @Test func removesNoncharacters() {
        let text = String(String.UnicodeScalarView([0x61, 0xFFFE, 0x62, 0xFFFF, 0xFDD0, 0x1FFFF, 0x63].compactMap(Unicode.Scalar.init)))
        #expect(ReportText.clean(text) == "abc")
    }

    @Test func cutsLongTextAtACharacterWithASuffix() {
        #expect(ReportText.clean("héllo wörld", limit: 5, suffix: "… see report.html") == "héllo… see report.html")
        #expect(ReportText.clean("👩‍⚕️👩‍⚕️👩‍⚕️", limit: 2) == "👩‍⚕️👩‍⚕️…")
        #expect(ReportText.clean("short", limit: 5) == "short")
    }

    @Test func oneLineFoldsWhiteSpace() {
        #expect(ReportText.oneLine("  a \n\n b\t c  ") == "a b c")
    }

    @Test func htmlEscapesAllFiveCharacters() {
        #expect(HTMLText.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }
}
