import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalCore

@Suite struct LineReaderTests {
    @Test func readsLinesAcrossChunkBoundariesAndHashesTheWholeFile() throws {
        let folder = TemporaryDirectory()
        let text = (1...500).map { "line \($0) " + String(repeating: "é", count: $0 % 7) }.joined(separator: "\r\n") + "\n"
        let path = folder.write("a.jsonl", text)
        let reader = try LineReader(path: path, maxLineBytes: 1 << 20, chunkSize: 7)
        var lines: [String] = []
        while let line = try reader.next() {
            guard case .bytes(let bytes) = line.content else {
                Issue.record("unexpected long line")
                return
            }
            #expect(line.number == lines.count + 1)
            lines.append(String(decoding: bytes, as: UTF8.self))
        }
        #expect(lines.count == 500)
        #expect(lines[41] == "line 42 " + String(repeating: "é", count: 0))
        #expect(lines[9] == "line 10 ééé")
        #expect(try reader.finish() == SHA256.hex(of: Array(text.utf8)))
    }

    @Test func skipsALongLineWithoutHoldingIt() throws {
        let folder = TemporaryDirectory()
        let long = String(repeating: "x", count: 3_000_000)
        let path = folder.write("b.jsonl", "{}\n\(long)\n{\"a\": 1}")
        let reader = try LineReader(path: path, maxLineBytes: 1 << 20, chunkSize: 1 << 16)
        let first = try #require(try reader.next())
        let second = try #require(try reader.next())
        let third = try #require(try reader.next())
        #expect(try reader.next() == nil)
        guard case .bytes = first.content, case .tooLong(let count) = second.content, case .bytes(let last) = third.content
        else {
            Issue.record("unexpected line contents")
            return
        }
        #expect(count == 3_000_000)
        #expect(second.number == 2)
        #expect(String(decoding: last, as: UTF8.self) == "{\"a\": 1}")
    }

    @Test func reportsAMissingFileAndAFolder() throws {
        let folder = TemporaryDirectory()
        #expect(throws: DocumentSyntaxError("no such file; check the path")) {
            _ = try LineReader(path: folder.file("none.jsonl"), maxLineBytes: 10)
        }
        #expect(throws: DocumentSyntaxError("is a folder, not a file")) {
            _ = try LineReader(path: folder.path, maxLineBytes: 10)
        }
    }

    @Test func finishHashesUnreadBytesToo() throws {
        let folder = TemporaryDirectory()
        let text = String(repeating: "abc\n", count: 1000)
        let path = folder.write("c.jsonl", text)
        let reader = try LineReader(path: path, maxLineBytes: 100, chunkSize: 64)
        _ = try reader.next()
        #expect(try reader.finish() == SHA256.hex(of: Array(text.utf8)))
    }
}

extension LineReaderTests {
    @Test func readsBytesHeldInMemoryAsItReadsAFileWithThem() throws {
        let text = "first\r\n\nthird line é\n" + String(repeating: "x", count: 40) + "\nlast"
        let folder = TemporaryDirectory()
        let fromFile = try LineReader(path: folder.write("a.jsonl", text), maxLineBytes: 30, chunkSize: 5)
        let fromMemory = LineReader(bytes: Array(text.utf8), maxLineBytes: 30)
        func lines(_ reader: LineReader) throws -> [String] {
            var lines: [String] = []
            while let line = try reader.next() {
                switch line.content {
                case .bytes(let bytes): lines.append("\(line.number):" + String(decoding: bytes, as: UTF8.self))
                case .tooLong(let count): lines.append("\(line.number): \(count) bytes")
                }
            }
            return lines
        }
        let expected = ["1:first", "2:", "3:third line é", "4: 40 bytes", "5:last"]
        #expect(try lines(fromFile) == expected)
        #expect(try lines(fromMemory) == expected)
        #expect(try fromMemory.finish() == SHA256.hex(of: Array(text.utf8)))
        #expect(fromMemory.bytesRead == text.utf8.count)
    }
}
