import Testing

@testable import ClinvalCore

@Suite struct SHA256Tests {
    // Test vectors from FIPS 180-4 examples (NIST CSRC "SHA256.pdf").
    @Test func matchesTheNISTVectors() {
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hashesIncrementallyLikeAllAtOnce() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let hasher = SHA256()
        hasher.update(bytes[0..<1234])
        hasher.update(bytes[1234...])
        #expect(hasher.finalizeHex() == SHA256.hex(of: bytes))
    }
}
