import ClinvalCasebanks
import ClinvalCore
import Foundation
import Testing
import _ClinvalTestSupport

/// Checking on several threads must not change what a bank gives: the same vignettes, and the
/// same diagnostics in the same order, whatever the parallelism.
@Suite struct ParallelCheckTests {
    /// What a reader gave for a bank.
    struct Reading: Equatable {
        var ids: [String]
        var indices: [Int]
        var messages: [String]
        var digest: String?
        var count: Int
    }

    static func read(_ path: String, parallelism: Int) async -> Reading {
        let reader = CasebankReader(path: path, parallelism: parallelism)
        var ids: [String] = []
        var indices: [Int] = []
        while let vignette = await reader.next() {
            ids.append(vignette.id)
            indices.append(vignette.index)
        }
        return reading(reader, ids: ids, indices: indices)
    }

    /// The same through the synchronous `next()`, which checks on the calling thread.
    static func readSynchronously(_ path: String, parallelism: Int) -> Reading {
        let reader = CasebankReader(path: path, parallelism: parallelism)
        var ids: [String] = []
        var indices: [Int] = []
        while let vignette = reader.next() {
            ids.append(vignette.id)
            indices.append(vignette.index)
        }
        return reading(reader, ids: ids, indices: indices)
    }

    private static func reading(_ reader: CasebankReader, ids: [String], indices: [Int]) -> Reading {
        let digest = reader.finish()
        return Reading(
            ids: ids, indices: indices, messages: reader.diagnostics.all.map(\.description), digest: digest,
            count: reader.vignetteCount)
    }

    /// A JSON Lines bank of `count` vignettes with problems spread over several chunks: repeated
    /// ids (the first use in an early chunk, the repeat in a later one), wrong values, broken
    /// JSON, invalid UTF-8, a line over the limit, blank lines and missing summaries.
    static func troubledBank(count: Int, in folder: TemporaryDirectory) -> String {
        var lines: [[UInt8]] = [Array(jsonHeader.utf8)]
        for number in 0..<count {
            var line = jsonVignette("v-\(number)")
            switch number {
            case 700, 1_900: line = jsonVignette("v-3")  // repeats of an id first used at the top
            case 701: line = jsonVignette("v-702")  // its id is used again by the next line
            case 50, 1_200: line = line.replacingOccurrences(of: #""sex": "female""#, with: #""sex": "f""#)
            case 333: line = line.replacingOccurrences(of: #""summary": "A test vignette", "#, with: "")
            case 900: line = String(line.dropLast())  // unterminated object
            case 1_500: line = line.replacingOccurrences(of: #""gold""#, with: #""golden""#)
            default: break
            }
            if (2_000..<2_010).contains(number) {
                line = line.replacingOccurrences(of: #""summary": "A test vignette", "#, with: "")
            }
            lines.append(Array(line.utf8))
            if number == 400 { lines.append([]) }
            if number == 1_000 { lines.append(Array("   ".utf8)) }
        }
        lines.insert(Array(#"{"id": "bad-utf8", "note": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8), at: 1_100)
        lines.insert(Array(repeating: UInt8(ascii: "x"), count: (1 << 20) + 10), at: 1_700)
        let bytes = Array(lines.joined(separator: [0x0A])) + [0x0A]
        return folder.write("troubled.jsonl", bytes: bytes)
    }

    @Test func parallelCheckGivesTheSameVignettesAndDiagnosticsInTheSameOrder() async throws {
        let folder = TemporaryDirectory()
        let path = Self.troubledBank(count: 2_500, in: folder)
        let serial = await Self.read(path, parallelism: 1)
        for parallelism in [2, 3, 8] {
            #expect(await Self.read(path, parallelism: parallelism) == serial, "parallelism \(parallelism)")
        }
        // The synchronous reader checks on its own thread and gives the same.
        #expect(Self.readSynchronously(path, parallelism: 8) == serial)

        // The problems are found where they are (the repeats name the line of the first use).
        #expect(serial.count == 2_502)
        let messages = serial.messages
        let repeats = messages.filter { $0.contains("duplicate vignette id") }
        #expect(repeats.count == 3)
        #expect(repeats.filter { $0.contains(#"duplicate vignette id "v-3" (first at line 5)"#) }.count == 2)
        #expect(messages.contains { $0.contains(#"duplicate vignette id "v-702""#) })
        #expect(messages.filter { $0.contains("sex") && $0.contains(#"found "f""#) }.count == 2)
        #expect(messages.contains { $0.contains("invalid UTF-8") })
        #expect(messages.contains { $0.contains("over the 1 MiB limit") || $0.contains("limit; it was not read") })
        #expect(messages.contains { $0.contains("unknown field") && $0.contains("golden") })
        // Eleven vignettes lack a summary: five are named, the other six counted at the end.
        #expect(messages.last?.contains("6 more vignettes have no summary") == true)
        // The vignettes with errors are left out; the others keep their bank positions.
        #expect(!serial.ids.contains("v-50"))
        #expect(serial.ids.filter { $0 == "v-3" }.count == 1)
        #expect(serial.indices == serial.indices.sorted())
    }

    @Test(arguments: [
        "malformed/bank-01-unknown-key.yaml", "malformed/bank-03-duplicate-id.jsonl",
        "malformed/bank-05-code-present-and-absent.yaml", "malformed/bank-11-invalid-utf8.jsonl",
        "malformed/bank-13-jsonl-syntax-error.jsonl", "malformed/bank-19-header-only.jsonl",
        "malformed/bank-21-bad-codes.yaml", "casebanks/mini.yaml", "casebanks/mini.jsonl",
    ])
    func fixturesReadTheSameAtEveryParallelism(_ fixture: String) async {
        let path = PackagePaths.fixture(fixture)
        let serial = await Self.read(path, parallelism: 1)
        #expect(await Self.read(path, parallelism: 4) == serial)
    }

    @Test func largeYAMLBankReadsTheSameInParallel() async throws {
        let folder = TemporaryDirectory()
        var text = yamlHeader + "vignettes:\n"
        for number in 0..<1_200 {
            text += yamlVignette(number == 1_100 ? "v-7" : "v-\(number)")
        }
        let path = folder.write("large.yaml", text)
        let serial = await Self.read(path, parallelism: 1)
        #expect(serial.ids.count == 1_199)
        #expect(serial.messages.count == 1)
        #expect(serial.messages.first?.contains(#"duplicate vignette id "v-7""#) == true)
        #expect(await Self.read(path, parallelism: 3) == serial)
    }
}

@Suite struct VignetteEntryTests {
    @Test func entriesCheckedOnTheirOwnGiveTheReadersVignettes() throws {
        let folder = TemporaryDirectory()
        var lines = [jsonHeader]
        for number in 0..<300 { lines.append(jsonVignette("v-\(number)")) }
        lines.insert("", at: 10)
        let path = folder.write("bank.jsonl", lines.joined(separator: "\n") + "\n")

        let checked = Array(CasebankReader(path: path))
        let reader = CasebankReader(path: path)
        var entries: [VignetteEntry] = []
        while case let batch = reader.nextEntries(64), !batch.isEmpty {
            #expect(batch.count <= 64)
            entries.append(contentsOf: batch)
        }
        let digest = reader.finish()
        #expect(entries.count == 300)
        #expect(entries.map(\.index) == Array(0..<300))
        #expect(entries.compactMap { $0.vignette(file: path) } == checked)
        #expect(digest == SHA256.hex(of: Array((lines.joined(separator: "\n") + "\n").utf8)))
        #expect(reader.vignetteCount == 300)
        #expect(reader.diagnostics.isEmpty)
    }

    @Test func anEntryWithAnErrorGivesNoVignette() throws {
        let folder = TemporaryDirectory()
        let bad = jsonVignette("v-2").replacingOccurrences(of: #""age": 40"#, with: #""age": 400"#)
        let path = folder.write("bank.jsonl", [jsonHeader, jsonVignette("v-1"), bad, "{not json"].joined(separator: "\n"))
        let entries = CasebankReader(path: path).nextEntries(10)
        #expect(entries.count == 3)
        #expect(entries.map { $0.vignette(file: path)?.id } == ["v-1", nil, nil])
    }

    @Test func yamlEntriesAreTheListElements() throws {
        let path = PackagePaths.fixture("casebanks/mini.yaml")
        let reader = CasebankReader(path: path)
        let first = reader.nextEntries(1)
        let rest = reader.nextEntries(1_000)
        #expect(first.count == 1)
        #expect(reader.nextEntries(5).isEmpty)
        let all = (first + rest).compactMap { $0.vignette(file: path) }
        #expect(all == Array(CasebankReader(path: path)))
    }
}
