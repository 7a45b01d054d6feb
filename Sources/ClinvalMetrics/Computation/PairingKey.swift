import ClinvalCore

/// What pairs a vignette of one run with the same vignette of another (docs/metrics.md, baseline
/// comparison): its ``VignetteKey`` and its bank's version, so that a vignette of a revised bank is
/// never paired with its earlier wording.
public struct PairingKey: Sendable, Hashable {
    /// The vignette's bank id and id in the bank.
    public var vignette: VignetteKey
    /// The bank's version.
    public var casebankVersion: String

    /// Creates a key.
    public init(casebankID: String, casebankVersion: String, vignetteID: String) {
        self.vignette = VignetteKey(casebankID: casebankID, vignetteID: vignetteID)
        self.casebankVersion = casebankVersion
    }
}
