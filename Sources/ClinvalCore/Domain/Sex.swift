/// A patient's sex as recorded in a vignette (docs/casebank-format.md).
public enum Sex: String, Sendable, Hashable, CaseIterable, Codable {
    /// Female.
    case female
    /// Male.
    case male
}
