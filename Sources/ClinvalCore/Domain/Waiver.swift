import Foundation

/// A time-boxed acceptance of a failed blocking criterion, with a clinician's name on it
/// (`clinval waive`; a row of `waivers`).
///
/// A waiver covers the criterion for one model (name, version and digest) on the same banks under
/// the same policy, until the end (UTC) of ``expiresOn``, and only while neither the criterion's
/// observed value nor its point value is worse, in the criterion's direction, than when it was
/// granted. Whether it covers a decision is judged, and stored, when the decision is made.
public struct Waiver: Sendable, Hashable {
    /// The waiver's id (assigned by the store, increasing).
    public var id: Int64?
    /// The model's name.
    public var modelName: String
    /// The model's version.
    public var modelVersion: String
    /// The model's digest.
    public var modelSHA256: String
    /// The digest of the run's banks (``CasebankIdentity/combinedSHA256(_:)``).
    public var casebanksSHA256: String
    /// The digest of the policy file.
    public var policySHA256: String
    /// The criterion waived (its policy id).
    public var criterionID: String
    /// The run it was granted on.
    public var runID: String
    /// The criterion's observed value (the number compared with the threshold) when it was granted.
    public var observedAtGrant: Double
    /// The criterion's point value when it was granted (the metric's value, or for a baseline
    /// criterion the difference), if there was one.
    public var valueAtGrant: Double?
    /// Who accepted the risk.
    public var approver: String
    /// Their role (`clinical-safety-officer`).
    public var role: String
    /// Why the risk is acceptable until then.
    public var reason: String
    /// The hazard log's reference for the risk, if any.
    public var hazard: String?
    /// The last day (UTC) the waiver holds.
    public var expiresOn: CalendarDay
    /// When it was granted.
    public var grantedAt: Date

    /// Creates a waiver.
    public init(
        id: Int64? = nil, modelName: String, modelVersion: String, modelSHA256: String, casebanksSHA256: String,
        policySHA256: String, criterionID: String, runID: String, observedAtGrant: Double, valueAtGrant: Double?,
        approver: String, role: String, reason: String, hazard: String? = nil, expiresOn: CalendarDay,
        grantedAt: Date
    ) {
        self.id = id
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.modelSHA256 = modelSHA256
        self.casebanksSHA256 = casebanksSHA256
        self.policySHA256 = policySHA256
        self.criterionID = criterionID
        self.runID = runID
        self.observedAtGrant = observedAtGrant
        self.valueAtGrant = valueAtGrant
        self.approver = approver
        self.role = role
        self.reason = reason
        self.hazard = hazard
        self.expiresOn = expiresOn
        self.grantedAt = grantedAt
    }

    /// Whether the waiver still holds at `date`: until the end (UTC) of its expiry day.
    public func isCurrent(at date: Date) -> Bool {
        date < expiresOn.nextDayStart
    }
}
