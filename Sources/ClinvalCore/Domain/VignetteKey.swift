/// A vignette's identity within a run: its bank id and its id in the bank.
public struct VignetteKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The bank id.
    public var casebankID: String
    /// The vignette id.
    public var vignetteID: String

    /// Creates a key.
    public init(casebankID: String, vignetteID: String) {
        self.casebankID = casebankID
        self.vignetteID = vignetteID
    }

    /// `<casebank id>/<vignette id>`, the id external models see.
    public var description: String { "\(casebankID)/\(vignetteID)" }

    /// Ordered by bank id, then vignette id (the order the store reads rows back in).
    public static func < (lhs: VignetteKey, rhs: VignetteKey) -> Bool {
        (lhs.casebankID, lhs.vignetteID) < (rhs.casebankID, rhs.vignetteID)
    }
}
