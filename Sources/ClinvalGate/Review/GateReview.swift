import ClinvalCore
import Foundation

/// What the clinical review adds to a decision (docs/clinical-review.md): the waivers and signatures
/// recorded for the run, and what they are judged against, the run's identity and the time of
/// the decision.
///
/// ```swift
/// let review = GateReview(runID: runID, model: model, casebanks: banks, labels: .asLabelled,
///                         waivers: stored, signatures: signed, now: now)
/// let decision = GateEvaluator.evaluate(policy: policy, metrics: rows, baseline: nil, review: review)
/// ```
public struct GateReview: Sendable, Hashable {
    /// The run decided.
    public var runID: String
    /// The run's model.
    public var model: ModelIdentity
    /// The run's banks.
    public var casebanks: [CasebankIdentity]
    /// The labels the run was scored against.
    public var labels: LabelsMode
    /// The waivers granted for the run's criteria (those of other models, banks or policies are
    /// never applied, whatever is passed here).
    public var waivers: [Waiver]
    /// The signatures recorded on the run.
    public var signatures: [Signature]
    /// When the decision is made: waivers are judged current or expired at this time.
    public var now: Date

    /// Creates a review.
    public init(
        runID: String, model: ModelIdentity, casebanks: [CasebankIdentity], labels: LabelsMode = .asLabelled,
        waivers: [Waiver] = [], signatures: [Signature] = [], now: Date
    ) {
        self.runID = runID
        self.model = model
        self.casebanks = casebanks
        self.labels = labels
        self.waivers = waivers
        self.signatures = signatures
        self.now = now
    }

    /// The digest of the run's banks, as waivers name them.
    public var casebanksSHA256: String { CasebankIdentity.combinedSHA256(casebanks) }
}
