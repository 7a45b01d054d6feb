/// A bank of a run as records show it (docs/casebank-format.md, docs/outputs.md): its id, version, digest and size, and
/// for clinicians its title and source.
///
/// The one type for it in the store (a row of `run_casebanks`), the summary and the reports.
public struct CasebankIdentity: Sendable, Hashable, Codable {
    /// The bank id (`red-flags`).
    public var id: String
    /// The bank's version.
    public var version: String
    /// SHA-256 of the bank file, 64 lowercase hex digits.
    public var sha256: String
    /// The number of vignettes of the bank in the run.
    public var vignettes: Int
    /// The bank's title, if given.
    public var title: String?
    /// How the vignettes were written and labelled, if given.
    public var source: String?

    /// Creates a bank's identity.
    public init(id: String, version: String, sha256: String, vignettes: Int, title: String? = nil, source: String? = nil) {
        self.id = id
        self.version = version
        self.sha256 = sha256
        self.vignettes = vignettes
        self.title = title
        self.source = source
    }
}

extension CasebankIdentity {
    /// One digest for a set of banks, as a waiver names them: SHA-256 of the banks' SHA-256s,
    /// sorted, each followed by a line feed. It does not depend on the banks' order in a run.
    public static func combinedSHA256(_ banks: [CasebankIdentity]) -> String {
        let hasher = SHA256()
        for digest in banks.map(\.sha256).sorted() {
            hasher.update(Array((digest + "\n").utf8))
        }
        return hasher.finalizeHex()
    }
}
