import Foundation

/// An electronic signature on a run's decision (`clinval sign`; a row of
/// `signatures`): the printed name, role, meaning and time, and the digest of the decision signed.
///
/// A signature is current while the run's decision digest is the one it signed, and superseded
/// once the decision changes (a waiver, an adjudication, another policy).
public struct Signature: Sendable, Hashable {
    /// The signature's id (assigned by the store, increasing).
    public var id: Int64?
    /// The run signed.
    public var runID: String
    /// The signer's printed name.
    public var name: String
    /// The signer's role (`clinical-safety-officer`).
    public var role: String
    /// What the signer means by it.
    public var meaning: SignatureMeaning
    /// The decision digest signed (64 lowercase hex digits).
    public var decisionSHA256: String
    /// The signer's comment, if any.
    public var comment: String?
    /// When it was signed.
    public var signedAt: Date

    /// Creates a signature.
    public init(
        id: Int64? = nil, runID: String, name: String, role: String, meaning: SignatureMeaning,
        decisionSHA256: String, comment: String? = nil, signedAt: Date
    ) {
        self.id = id
        self.runID = runID
        self.name = name
        self.role = role
        self.meaning = meaning
        self.decisionSHA256 = decisionSHA256
        self.comment = comment
        self.signedAt = signedAt
    }

    /// Whether the signature is on the decision whose digest is `decisionSHA256`.
    public func isCurrent(forDecision decisionSHA256: String) -> Bool {
        self.decisionSHA256 == decisionSHA256
    }
}
