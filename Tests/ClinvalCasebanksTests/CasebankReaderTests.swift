import ClinvalCasebanks
import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

@Suite struct CasebankReaderTests {
    @Test func headerIsReadWhenTheReaderOpens() throws {
        let reader = CasebankReader(path: PackagePaths.fixture("casebanks/mini.jsonl"))
        let header = try #require(reader.header)
        #expect(header.id == "mini")
        #expect(header.vocabulary == "ddxplus")
        #expect(reader.vignetteCount == 0)
        #expect(reader.format == .jsonLines)
    }

    @Test func largeGeneratedJSONLinesBankIsStreamedInOrder() throws {
        // Given 20,000 vignettes, one per line
        let count = 20_000
        var lines = [jsonHeader]
        lines.reserveCapacity(count + 1)
        for number in 0..<count {
            lines.append(jsonVignette("syn-\(number)"))
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let folder = TemporaryDirectory()
        let path = folder.write("large.jsonl", bytes: bytes)

        // When the reader streams them
        let reader = CasebankReader(path: path)
        var seen = 0
        var inOrder = true
        while let vignette = reader.next() {
            if vignette.id != "syn-\(seen)" || vignette.index != seen || vignette.line != seen + 2 { inOrder = false }
            seen += 1
        }
        let digest = reader.finish()

        // Then every vignette came out, in order, and the digest covers the whole file
        #expect(seen == count)
        #expect(inOrder)
        #expect(reader.vignetteCount == count)
        #expect(reader.diagnostics.isEmpty)
        #expect(digest == SHA256.hex(of: bytes))
    }

    @Test func largeGeneratedJSONLinesBankLoads() {
        var lines = [jsonHeader]
        for number in 0..<20_000 {
            lines.append(jsonVignette("syn-\(number)"))
        }
        let (_, result) = loadText(lines.joined(separator: "\n"), as: "large.jsonl")
        #expect(result.messages == [])
        #expect(result.bank?.vignettes.count == 20_000)
        #expect(result.bank?.vignettes.last?.id == "syn-19999")
    }

    @Test func lineOverTheLimitIsReportedWithItsLengthAndReadingGoesOn() {
        let long = #"{"id": ""# + String(repeating: "x", count: 3 << 20) + #""}"#
        let folder = TemporaryDirectory()
        let path = folder.write("bank.jsonl", jsonBank([jsonVignette("v-001"), long, jsonVignette("v-003")]))
        #expect(load(path).messages == [
            "\(path):3:1: error: line is 3.0 MiB long, over the 1.0 MiB limit; it was not read"
        ])
        let reader = CasebankReader(path: path)
        var ids: [String] = []
        var indexes: [Int] = []
        while let vignette = reader.next() {
            ids.append(vignette.id)
            indexes.append(vignette.index)
        }
        #expect(ids == ["v-001", "v-003"])
        #expect(indexes == [0, 2])
    }

    @Test func jsonSyntaxErrorSkipsOnlyItsLine() throws {
        let reader = CasebankReader(path: PackagePaths.fixture("malformed/bank-13-jsonl-syntax-error.jsonl"))
        var ids: [String] = []
        while let vignette = reader.next() { ids.append(vignette.id) }
        #expect(ids == ["v-001", "v-003"])
        #expect(reader.vignetteCount == 4)
        #expect(reader.diagnostics.errorCount == 2)
    }

    @Test func blankLinesBeforeTheHeaderAndBetweenVignettesAreSkipped() {
        let text = "\n  \n" + jsonHeader + "\n\n" + jsonVignette("v-001") + "\n\t\r\n" + jsonVignette("v-002") + "\n\n"
        let (_, result) = loadText(text, as: "bank.jsonl")
        #expect(result.messages == [])
        #expect(result.bank?.vignettes.map(\.line) == [5, 7])
        #expect(result.bank?.vignettes.map(\.index) == [0, 1])
    }

    @Test func windowsLineEndingsAreAccepted() {
        let text = jsonHeader + "\r\n" + jsonVignette("v-001") + "\r\n"
        let (_, result) = loadText(text, as: "bank.jsonl")
        #expect(result.messages == [])
        #expect(result.bank?.vignettes.count == 1)
    }

    @Test func byteOrderMarkIsAnErrorAndTheRestIsStillChecked() {
        let bytes = [0xEF, 0xBB, 0xBF] + Array(jsonBank([#"{"id": "v-001"}"#]).utf8)
        let (path, result) = loadBytes(bytes, as: "bank.jsonl")
        #expect(result.messages == [
            "\(path):1:1: error: file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM",
            "\(path):2:1: error: vignettes[0].age: missing required field",
            "\(path):2:1: error: vignettes[0].sex: missing required field",
            "\(path):2:1: error: vignettes[0].present: missing required field",
            "\(path):2:1: error: vignettes[0].gold: missing required field",
            "\(path):2:1: warning: vignettes[0].summary: no summary; clinicians reading the report will see only the id",
        ])
    }

    @Test func utf16FileIsRejectedOnce() {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in jsonBank([jsonVignette()]).utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let (path, result) = loadBytes(bytes, as: "bank.jsonl")
        #expect(result.messages == ["\(path):1:1: error: file is UTF-16 or UTF-32 text; save it as UTF-8"])
    }

    @Test func invalidUTF8ColumnCountsCharactersNotBytes() {
        // "é" is two bytes but one column: the bad byte 0xFF follows 14 characters, so it is in column 15.
        let bytes = Array((jsonHeader + "\n").utf8) + Array(#"{"summary": "é"#.utf8) + [0xFF] + Array("\"}\n".utf8)
        let (path, result) = loadBytes(bytes, as: "bank.jsonl")
        #expect(result.messages == ["\(path):2:15: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8"])
    }

    @Test func emptyJSONLinesFileIsAnError() {
        let (path, result) = loadText("\n\n", as: "bank.jsonl")
        #expect(result.messages == [
            "\(path):1:1: error: file is empty: expected the bank header object on the first line"
        ])
    }

    @Test func vignetteOnTheFirstLineIsNotTakenForAHeader() {
        let (path, result) = loadText(jsonVignette("v-001") + "\n" + jsonVignette("v-002") + "\n", as: "bank.jsonl")
        #expect(result.messages == [
            "\(path):1:1: error: the first line must be the bank header (casebank, version, vocabulary, source); this line looks like a vignette"
        ])
    }

    @Test func headerThatIsNotAnObjectIsAnError() {
        let (path, result) = loadText(#""red-flags""# + "\n" + jsonVignette() + "\n", as: "bank.jsonl")
        #expect(result.messages == [
            "\(path):1:1: error: expected the bank header: an object with casebank, version, vocabulary and source; found a string"
        ])
    }

    @Test func vignetteWithAnErrorIsSkippedAndTheOthersAreReturned() {
        let folder = TemporaryDirectory()
        let bad = jsonVignette("v-002").replacingOccurrences(of: #""sex": "female""#, with: #""sex": "f""#)
        let path = folder.write("bank.jsonl", jsonBank([jsonVignette("v-001"), bad, jsonVignette("v-003")]))
        let reader = CasebankReader(path: path)
        let ids = Array(reader).map(\.id)
        #expect(ids == ["v-001", "v-003"])
        #expect(reader.diagnostics.errorCount == 1)
    }

    @Test func finishBeforeTheEndStillHashesTheWholeFileAndStopsReading() throws {
        let folder = TemporaryDirectory()
        let text = jsonBank([jsonVignette("v-001"), jsonVignette("v-002")])
        let path = folder.write("bank.jsonl", text)
        let reader = CasebankReader(path: path)
        #expect(reader.next()?.id == "v-001")
        let digest = reader.finish()
        #expect(digest == SHA256.hex(of: Array(text.utf8)))
        #expect(reader.finish() == digest)
        #expect(reader.next() == nil)
        #expect(reader.diagnostics.isEmpty)
    }

    @Test func yamlReaderHandsOutVignettesOneAtATime() throws {
        let path = PackagePaths.fixture("casebanks/mini.yaml")
        let reader = CasebankReader(path: path)
        #expect(reader.header?.id == "mini")
        #expect(reader.next()?.id == "mini-001")
        #expect(reader.vignetteCount == 1)
        #expect(reader.next()?.id == "mini-002")
        let data = try #require(FileManager.default.contents(atPath: path))
        #expect(reader.finish() == SHA256.hex(of: [UInt8](data)))
    }

    @Test func unreadableBankGivesNoHeaderNoVignettesAndNoDigest() {
        let folder = TemporaryDirectory()
        let reader = CasebankReader(path: folder.file("missing.jsonl"))
        #expect(reader.header == nil)
        #expect(reader.next() == nil)
        #expect(reader.finish() == nil)
        #expect(reader.diagnostics.errorCount == 1)
    }
}

@Suite struct MissingSummaryWarningTests {
    @Test func listsTheFirstFiveAndCountsTheRest() throws {
        let folder = TemporaryDirectory()
        var lines = [#"{"casebank":"gen","version":"1","vocabulary":"ddxplus","source":"generated"}"#]
        for index in 0..<12 {
            lines.append(
                #"{"id":"v\#(index)","age":40,"sex":"female","present":["E_1"],"gold":{"diagnosis":"x","triage":"routine"}}"#)
        }
        let path = folder.write("gen.jsonl", lines.joined(separator: "\n") + "\n")
        var diagnostics = DiagnosticList()
        let bank = CasebankLoader.load(path, diagnostics: &diagnostics)
        #expect(bank?.vignettes.count == 12)
        #expect(diagnostics.warningCount == 6)
        #expect(
            diagnostics.all.last?.description
                == "\(path): warning: 7 more vignettes have no summary; clinicians reading the report will see only their ids")
        #expect(diagnostics.all.first?.description == "\(path):2:1: warning: vignettes[0].summary: no summary; clinicians reading the report will see only the id")
    }
}

@Suite struct PartialReadTests {
    static func bank(_ count: Int, in folder: TemporaryDirectory) -> String {
        var lines = [#"{"casebank":"big","version":"1","vocabulary":"ddxplus","source":"generated"}"#]
        for index in 0..<count {
            lines.append(
                #"{"id":"v\#(index)","summary":"s","age":40,"sex":"female","present":["E_1"],"gold":{"diagnosis":"x","triage":"routine"}}"#)
        }
        return folder.write("big.jsonl", lines.joined(separator: "\n") + "\n")
    }

    @Test func finishingEarlyStillHashesTheWholeFile() throws {
        let folder = TemporaryDirectory()
        let path = Self.bank(5_000, in: folder)
        let reader = CasebankReader(path: path)
        for _ in 0..<3 { _ = reader.next() }
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(reader.finish() == SHA256.hex(of: [UInt8](bytes)))
        #expect(reader.next() == nil)
    }

    @Test func droppingAReaderMidwayReleasesIt() {
        let folder = TemporaryDirectory()
        let path = Self.bank(5_000, in: folder)
        for _ in 0..<20 {
            let reader = CasebankReader(path: path)
            _ = reader.next()
        }
        let reader = CasebankReader(path: path)
        var count = 0
        while reader.next() != nil { count += 1 }
        #expect(count == 5_000)
    }
}
