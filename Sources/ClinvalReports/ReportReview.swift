import ClinvalCore
import ClinvalGate

/// What the reports show of a run's clinical review (docs/clinical-review.md): the labels scored against,
/// the decision's digest, the signatures on the run with whether each is on the current
/// decision, and the head of the audit trail when the decision was made.
public struct ReportReview: Sendable, Hashable {
    /// A signature and whether it signs the current decision.
    public struct SignatureState: Sendable, Hashable {
        /// The signature.
        public var signature: Signature
        /// Whether it signs the current decision; `false` means superseded.
        public var isCurrent: Bool

        /// Creates a state.
        public init(signature: Signature, isCurrent: Bool) {
            self.signature = signature
            self.isCurrent = isCurrent
        }
    }

    /// The labels the run was scored against.
    public var labels: LabelsMode
    /// The decision's digest, which signatures sign; `nil` for a decision made without a review.
    public var decisionSHA256: String?
    /// The signatures on the run, oldest first.
    public var signatures: [SignatureState]
    /// The sha256 of the audit trail's latest entry at the decision, if the database has one.
    public var auditHead: String?

    /// Creates a review; by default nothing was reviewed.
    public init(
        labels: LabelsMode = .asLabelled, decisionSHA256: String? = nil, signatures: [SignatureState] = [],
        auditHead: String? = nil
    ) {
        self.labels = labels
        self.decisionSHA256 = decisionSHA256
        self.signatures = signatures
        self.auditHead = auditHead
    }

    /// The review of a decision: each signature judged against the decision's digest.
    public init(decision: GateDecision, signatures: [Signature], labels: LabelsMode, auditHead: String?) {
        self.init(
            labels: labels, decisionSHA256: decision.decisionSHA256,
            signatures: signatures.sorted { ($0.signedAt, $0.id ?? 0) < ($1.signedAt, $1.id ?? 0) }.map {
                SignatureState(
                    signature: $0, isCurrent: decision.decisionSHA256.map($0.isCurrent(forDecision:)) ?? false)
            },
            auditHead: auditHead)
    }
}
