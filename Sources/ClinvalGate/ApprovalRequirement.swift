import ClinvalCore

/// A policy's demand for signed approval (top-level `approval: {signatures: 1, roles:
/// [clinical-safety-officer]}`, docs/clinical-review.md): a blocking criterion with the reserved id
/// `approval`, met when ``signatures`` distinct names holding any of ``roles`` have signed
/// `approved` the run's current decision.
public struct ApprovalRequirement: Sendable, Hashable {
    /// How many distinct signers are needed, at least 1.
    public var signatures: Int
    /// The roles that may approve; at least one.
    public var roles: [String]

    /// Creates a requirement.
    public init(signatures: Int, roles: [String]) {
        self.signatures = signatures
        self.roles = roles
    }

    /// The most signatures a policy may ask for.
    public static let signatureLimits: ClosedRange<Int> = 1...20
}
