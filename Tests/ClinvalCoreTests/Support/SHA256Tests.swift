import Foundation
import Testing
import _ClinvalTestSupport

@testable import ClinvalCore

@Suite struct SHA256Tests {
    // Test vectors from FIPS 180-4 examples (NIST CSRC "SHA256.pdf").
    @Test func matchesTheNISTVectors() {
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // One million "a", fed in uneven pieces (FIPS 180-4's long message).
        let hasher = SHA256()
        var left = 1_000_000
        var piece = 1
        while left > 0 {
            let count = min(piece, left)
            hasher.update([UInt8](repeating: 0x61, count: count))
            left -= count
            piece = piece * 3 + 1
        }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hashesIncrementallyLikeAllAtOnce() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let hasher = SHA256()
        hasher.update(bytes[0..<1234])
        hasher.update(bytes[1234...])
        #expect(hasher.finalizeHex() == SHA256.hex(of: bytes))
        // A collection without contiguous storage goes through the copying path.
        #expect(SHA256.hex(of: bytes.lazy.map { $0 }) == SHA256.hex(of: bytes))
    }

    /// A 3 MiB file of lines, hashed whole and streamed through `LineReader` in chunks that do not
    /// line up with SHA-256's 64-byte blocks, gives the digest Python's hashlib gives.
    @Test func matchesPythonHashlibOnAFile() throws {
        let folder = TemporaryDirectory()
        var state: UInt64 = 1
        var bytes: [UInt8] = []
        while bytes.count < 3 << 20 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(contentsOf: Array("{\"id\":\"v-\(state >> 20)\",\"x\":\(state % 997)}\n".utf8))
        }
        let path = folder.write("bank.jsonl", bytes: bytes)
        let python = try CommandRunner.run(
            "/usr/bin/env",
            ["python3", "-c", "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", path],
            in: folder.path)
        try #require(python.exitCode == 0, "python3 is needed: \(python.stderr)")
        let expected = python.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(expected.count == 64)

        #expect(SHA256.hex(of: bytes) == expected)
        #expect(try SourceFile.read(path, limits: .casebank).sha256 == expected)
        let reader = try LineReader(path: path, maxLineBytes: 1 << 10, chunkSize: 65_537)
        var lines = 0
        while try reader.next() != nil { lines += 1 }
        #expect(lines > 10_000)
        #expect(try reader.finish() == expected)
    }
}
