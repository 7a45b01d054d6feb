import ClinvalCore
import ClinvalGate
import ClinvalStore
import Foundation

/// `clinval waive` and `clinval sign` (docs/clinical-review.md, docs/command-line.md): each
/// records its entry, then decides the run again and writes the outputs. Invalid input exits 2
/// and changes nothing, the audit trail included.
public enum ReviewCommands {
    /// What `clinval waive` takes.
    public struct WaiverRequest: Sendable, Hashable {
        /// The database.
        public var database: String
        /// The run whose failed criterion is waived.
        public var runID: String
        /// The criterion's id.
        public var criterion: String
        /// Who accepts the risk.
        public var approver: String
        /// Their role.
        public var role: String
        /// Why the risk is acceptable until then.
        public var reason: String
        /// The last day (UTC) the waiver holds, `YYYY-MM-DD`.
        public var expires: String
        /// The hazard log's reference, if any.
        public var hazard: String?
        /// The output folder (default `reports/<run-id>/`).
        public var outputFolder: String?
        /// Where to write Argo output parameters, if anywhere.
        public var argoOutputs: String?
        /// Whether to write the outputs at all (the review server writes none: its pages read
        /// the database).
        public var writesOutputs: Bool
        /// The decision the approver saw (``SeenState/decision(_:)``): a run decided again since
        /// refuses the waiver.
        public var seen: SeenState

        /// Creates a request.
        public init(
            database: String, runID: String, criterion: String, approver: String, role: String, reason: String,
            expires: String, hazard: String? = nil, outputFolder: String? = nil, argoOutputs: String? = nil,
            writesOutputs: Bool = true, seen: SeenState = .unchecked
        ) {
            self.database = database
            self.runID = runID
            self.criterion = criterion
            self.approver = approver
            self.role = role
            self.reason = reason
            self.expires = expires
            self.hazard = hazard
            self.outputFolder = outputFolder
            self.argoOutputs = argoOutputs
            self.writesOutputs = writesOutputs
            self.seen = seen
        }
    }

    /// Records a waiver of a failed blocking criterion of a run's current decision, then decides
    /// the run again.
    ///
    /// - Throws: ``RunFailure``: exit 2 for an unknown run or criterion, a criterion that did not
    ///   fail, is a warning, may not be waived or has no observed value, an expiry in the past or
    ///   not a date, or an empty name, role or reason; ``RunFailure/Kind/staleState`` (exit 2)
    ///   when the run was decided again since the decision the request saw; exit 3 for a
    ///   database failure.
    public static func waive(
        _ request: WaiverRequest, toolVersion: String, environment: PipelineEnvironment = .production
    ) async throws -> (waiver: Waiver, outcome: RunOutcome) {
        let approver = try ReviewText.required(request.approver, option: "--approver", maxLength: 200)
        let role = try ReviewText.required(request.role, option: "--role", maxLength: 100)
        let reason = try ReviewText.required(request.reason, option: "--reason")
        let hazard = try ReviewText.optional(request.hazard, option: "--hazard", maxLength: 200)
        guard let expires = CalendarDay(request.expires) else {
            throw RunFailure(.invalidInput, "--expires takes a date YYYY-MM-DD, such as 2026-12-31; found '\(request.expires)'.")
        }
        let today = CalendarDay(containing: environment.now())
        guard expires >= today else {
            throw RunFailure(.invalidInput, "--expires \(expires) is in the past (today is \(today), UTC).")
        }
        let reviewed = try ReviewedRun.open(
            database: request.database, runID: request.runID, actorName: approver, environment: environment)
        try requireCurrent(request.seen, reviewed)
        let result = try failedCriterion(request.criterion, of: reviewed)
        guard let observed = result.observed else {
            throw RunFailure(
                .invalidInput,
                "Criterion \(result.id) of run \(request.runID) has no observed value (\(result.outcome.rawValue.replacingOccurrences(of: "_", with: " "))); a waiver never covers a criterion that could not be judged.")
        }
        let waiver = Waiver(
            modelName: reviewed.run.model.name, modelVersion: reviewed.run.model.version,
            modelSHA256: reviewed.run.model.sha256,
            casebanksSHA256: CasebankIdentity.combinedSHA256(reviewed.casebanks),
            policySHA256: reviewed.policy.sha256, criterionID: result.id, runID: request.runID,
            observedAtGrant: observed, valueAtGrant: result.point, approver: approver, role: role, reason: reason,
            hazard: hazard, expiresOn: expires, grantedAt: environment.now())
        let recorded = try StoredRunCommands.reading(request.runID, in: request.database) {
            try reviewed.store.recordWaiver(waiver, seen: request.seen)
        }
        let outcome = try await reviewed.decideAgain(
            outputFolder: request.outputFolder, argoOutputs: request.argoOutputs, writesOutputs: request.writesOutputs,
            toolVersion: toolVersion, environment: environment)
        return (recorded, outcome)
    }

    /// Refuses a request based on a decision the run no longer has.
    static func requireCurrent(_ seen: SeenState, _ reviewed: ReviewedRun) throws {
        guard case .decision(let digest) = seen, digest != reviewed.run.decisionSHA256 else { return }
        throw RunFailure(
            .staleState,
            "Run \(reviewed.run.runID) was decided again since this page was loaded (its verdict may have changed); nothing was recorded. Load the run again and decide anew.")
    }

    /// The criterion a waiver may cover: in the policy, failed, blocking and waivable.
    static func failedCriterion(_ id: String, of reviewed: ReviewedRun) throws -> CriterionResult {
        let runID = reviewed.run.runID
        if id == Criterion.approvalID {
            throw RunFailure(.invalidInput, "The approval requirement cannot be waived; sign the run with 'clinval sign'.")
        }
        guard let criterion = reviewed.policy.criteria.first(where: { $0.id == id }),
            let result = reviewed.criteria.first(where: { $0.id == id })
        else {
            let known = reviewed.policy.criteria.map(\.id)
            var message = "Run \(runID)'s policy has no criterion '\(id)'"
            if let suggestion = Suggestions.closest(to: id, in: known) { message += "; did you mean '\(suggestion)'?" }
            throw RunFailure(.invalidInput, message + " Its criteria: \(known.joined(separator: ", ")).")
        }
        guard !result.passed else {
            throw RunFailure(.invalidInput, "Criterion \(id) of run \(runID) passed; only a failed blocking criterion can be waived.")
        }
        guard result.severity == .blocking else {
            throw RunFailure(.invalidInput, "Criterion \(id) of run \(runID) is a warning; it does not fail the gate and needs no waiver.")
        }
        guard criterion.isWaivable else {
            let why =
                criterion.waivable == false
                ? "its policy entry says waivable: false"
                : "a \(criterion.metric) criterion is waivable only where its policy entry says waivable: true"
            throw RunFailure(.invalidInput, "Criterion \(id) of run \(runID) may not be waived: \(why).")
        }
        return result
    }

    /// Records a signature on a run's current decision, then decides the run again.
    ///
    /// - Parameters:
    ///   - writesOutputs: Whether to write the outputs at all (the review server writes none).
    ///   - seen: The decision the signer saw (``SeenState/decision(_:)``); a run decided again
    ///     since refuses the signature.
    /// - Throws: ``RunFailure``: exit 2 for an unknown or undecided run, a meaning other than
    ///   `reviewed` or `approved`, or an empty name or role; ``RunFailure/Kind/staleState``
    ///   (exit 2) when the run was decided again since the decision seen; exit 3 for a database
    ///   failure.
    public static func sign(
        database: String, runID: String, name: String, role: String, meaning: String, comment: String?,
        outputFolder: String? = nil, argoOutputs: String? = nil, writesOutputs: Bool = true,
        seen: SeenState = .unchecked, toolVersion: String, environment: PipelineEnvironment = .production
    ) async throws -> (signature: Signature, outcome: RunOutcome) {
        let signer = try ReviewText.required(name, option: "--name", maxLength: 200)
        let role = try ReviewText.required(role, option: "--role", maxLength: 100)
        let comment = try ReviewText.optional(comment, option: "--comment")
        guard let meaning = SignatureMeaning(rawValue: meaning) else {
            let choices = SignatureMeaning.allCases.map(\.rawValue).joined(separator: " or ")
            throw RunFailure(.invalidInput, "--meaning takes \(choices); found '\(meaning)'.")
        }
        let reviewed = try ReviewedRun.open(database: database, runID: runID, actorName: signer, environment: environment)
        guard let digest = reviewed.run.decisionSHA256 else {
            throw RunFailure(
                .invalidInput,
                "Run \(runID)'s decision has no digest (an older clinval decided it); decide it again with 'clinval gate' first.")
        }
        try requireCurrent(seen, reviewed)
        let signature = Signature(
            runID: runID, name: signer, role: role, meaning: meaning, decisionSHA256: digest, comment: comment,
            signedAt: environment.now())
        let recorded = try StoredRunCommands.reading(runID, in: database) { try reviewed.store.recordSignature(signature) }
        let outcome = try await reviewed.decideAgain(
            outputFolder: outputFolder, argoOutputs: argoOutputs, writesOutputs: writesOutputs, toolVersion: toolVersion,
            environment: environment)
        return (recorded, outcome)
    }
}
