/// One row of `run_casebanks`: a bank a run was scored on.
public struct CasebankRecord: Sendable, Hashable {
    /// The bank id (`casebank`).
    public var casebankID: String
    /// The bank's version.
    public var version: String
    /// The sha256 (lowercase hex) over the bank file's bytes.
    public var sha256: String
    /// How many vignettes the bank holds.
    public var vignettes: Int
    /// The bank's title, if any.
    public var title: String?
    /// The bank's `source` text.
    public var source: String?

    /// Creates a bank record.
    public init(
        casebankID: String, version: String, sha256: String, vignettes: Int, title: String? = nil,
        source: String? = nil
    ) {
        self.casebankID = casebankID
        self.version = version
        self.sha256 = sha256
        self.vignettes = vignettes
        self.title = title
        self.source = source
    }
}
