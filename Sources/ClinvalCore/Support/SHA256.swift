import Crypto

/// SHA-256 digests, computed by swift-crypto (BoringSSL's implementation on Linux, CryptoKit on
/// Apple platforms), compiled into clinval: no system library is needed.
///
/// clinval identifies every bank, model and policy by the SHA-256 of its bytes (docs/casebank-format.md, docs/model-format.md),
/// so a stored run says exactly which inputs it scored.
public final class SHA256 {
    private var hasher = Crypto.SHA256()

    /// Starts a new digest.
    public init() {}

    /// Adds bytes to the digest.
    public func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { buffer in
                hasher.update(bufferPointer: buffer)
            }
        }
    }

    /// Finishes the digest and returns it as 64 lowercase hex digits. Call it once.
    public func finalizeHex() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(Crypto.SHA256.byteCount * 2)
        for byte in hasher.finalize() {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The hex digest of `bytes`.
    public static func hex(of bytes: some Collection<UInt8>) -> String {
        let hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }
}
