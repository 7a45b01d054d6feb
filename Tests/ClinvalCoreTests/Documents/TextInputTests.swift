import Testing

@testable import ClinvalCore

@Suite struct TextInputTests {
    private func problem(_ bytes: [UInt8], limits: DocumentLimits = .configuration) -> String? {
        do {
            try TextInput.check(bytes, limits: limits)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func acceptsCleanUTF8() {
        #expect(problem(Array("a: é😀\nb: 2\n".utf8)) == nil)
    }

    @Test func rejectsAByteOrderMark() {
        #expect(
            problem([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
                == "1:1: file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM")
    }

    @Test func rejectsUTF16() {
        #expect(problem([0xFF, 0xFE, 0x61, 0x00]) == "1:1: file is UTF-16 or UTF-32 text; save it as UTF-8")
    }

    @Test func namesTheLineAndColumnOfInvalidUTF8() {
        let bytes = Array("a: 1\nbé: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(problem(bytes) == "2:5: invalid UTF-8 (byte 0xC3); save the file as UTF-8")
    }

    @Test func rejectsOverlongAndSurrogateEncodings() {
        #expect(TextInput.firstInvalidUTF8(in: [0x41, 0xC0, 0xAF]) == 1)  // overlong '/'
        #expect(TextInput.firstInvalidUTF8(in: [0xED, 0xA0, 0x80]) == 0)  // UTF-16 surrogate
        #expect(TextInput.firstInvalidUTF8(in: [0xF4, 0x90, 0x80, 0x80]) == 0)  // above U+10FFFF
        #expect(TextInput.firstInvalidUTF8(in: [0xE2, 0x82]) == 0)  // truncated
        #expect(TextInput.firstInvalidUTF8(in: Array("€𝄞".utf8)) == nil)
    }

    @Test func rejectsALineOverTheLimitWithoutParsingIt() {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20)
        let bytes = Array("a: 1\nb: ".utf8) + long + Array("\n".utf8)
        #expect(problem(bytes, limits: .casebank) == "2:1: line is 3.0 MiB long, over the 1.0 MiB limit")
    }

    @Test func rejectsAFileOverTheSizeLimit() {
        let limits = DocumentLimits(maxFileBytes: 10, maxLineBytes: nil)
        #expect(problem(Array("0123456789ab".utf8), limits: limits) == "file is 12 bytes, over the 10 bytes limit for this kind of file")
    }
}
