import COpenSSL

/// SHA-256 digests, computed by OpenSSL's libcrypto.
///
/// clinval identifies every bank, model and policy by the SHA-256 of its bytes (docs/casebank-format.md, docs/model-format.md),
/// so a stored run says exactly which inputs it scored.
public final class SHA256 {
    private let context: OpaquePointer

    /// Starts a new digest.
    public init() {
        guard let context = EVP_MD_CTX_new() else {
            preconditionFailure("OpenSSL could not allocate a digest context (out of memory)")
        }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Adds bytes to the digest.
    public func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { buffer in
                _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
            }
        }
    }

    /// Finishes the digest and returns it as 64 lowercase hex digits. Call it once.
    public func finalizeHex() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest.prefix(Int(length)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }

    /// The hex digest of `bytes`.
    public static func hex(of bytes: some Collection<UInt8>) -> String {
        let hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }
}
