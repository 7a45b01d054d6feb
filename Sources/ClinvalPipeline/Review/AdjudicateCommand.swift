import ClinvalCore
import ClinvalStore
import Foundation

/// `clinval adjudicate` (docs/clinical-review.md, docs/command-line.md): records a clinician's
/// conclusion on one vignette's result. It does not decide again: `clinval gate --labels
/// adjudicated` scores with the corrections.
public enum AdjudicateCommand {
    /// What `clinval adjudicate` takes, as typed.
    public struct Request: Sendable, Hashable {
        /// The database.
        public var database: String
        /// The run whose result was reviewed.
        public var runID: String
        /// `BANK/ID`.
        public var vignette: String
        /// The conclusion's word.
        public var conclusion: String
        /// The reviewer's name.
        public var reviewer: String
        /// The corrected diagnosis (`label_error`).
        public var diagnosis: String?
        /// The codes that also count as correct.
        public var alsoCorrect: [String]
        /// The corrected triage, `LEVEL` or `LO..HI` (`label_error`).
        public var triage: String?
        /// Why, in the reviewer's words.
        public var comment: String?
        /// The latest adjudication of the vignette the reviewer saw
        /// (``SeenState/latestAdjudication(_:)``): one recorded since refuses this one.
        public var seen: SeenState

        /// Creates a request.
        public init(
            database: String, runID: String, vignette: String, conclusion: String, reviewer: String,
            diagnosis: String? = nil, alsoCorrect: [String] = [], triage: String? = nil, comment: String? = nil,
            seen: SeenState = .unchecked
        ) {
            self.database = database
            self.runID = runID
            self.vignette = vignette
            self.conclusion = conclusion
            self.reviewer = reviewer
            self.diagnosis = diagnosis
            self.alsoCorrect = alsoCorrect
            self.triage = triage
            self.comment = comment
            self.seen = seen
        }
    }

    /// Records the adjudication.
    ///
    /// - Returns: the adjudication as stored, with its id, and the line to print.
    /// - Throws: ``RunFailure``: exit 2 for an unknown run or vignette, a vignette without a
    ///   result, an unknown conclusion, a `label_error` without a correction, a correction given
    ///   with another conclusion, a malformed code or triage, an `acceptable_alternative` without
    ///   codes on a vignette the model gave no differential for, or an empty reviewer;
    ///   ``RunFailure/Kind/staleState`` (exit 2) when the vignette was adjudicated since the
    ///   state the request saw; exit 3 for a database failure.
    public static func record(
        _ request: Request, environment: PipelineEnvironment = .production
    ) throws -> (adjudication: Adjudication, line: String) {
        let reviewer = try ReviewText.required(request.reviewer, option: "--reviewer", maxLength: 200)
        let comment = try ReviewText.optional(request.comment, option: "--comment")
        guard let conclusion = AdjudicationConclusion(rawValue: request.conclusion) else {
            let choices = AdjudicationConclusion.allCases.map(\.rawValue).joined(separator: ", ")
            throw RunFailure(.invalidInput, "--conclusion takes one of \(choices); found '\(request.conclusion)'.")
        }
        let key = try vignetteKey(request.vignette)
        let triage = try request.triage.map(triageRange)
        for code in [request.diagnosis].compactMap({ $0 }) + request.alsoCorrect where !Identifiers.isCode(code) {
            throw RunFailure(.invalidInput, "'\(code)' is not a condition code ([A-Za-z0-9._-]+).")
        }
        switch conclusion {
        case .labelError:
            guard request.diagnosis != nil || !request.alsoCorrect.isEmpty || triage != nil else {
                throw RunFailure(
                    .invalidInput,
                    "A label_error gives the corrected labels: --diagnosis CODE, --also-correct CODE or --triage LEVEL (or LO..HI).")
            }
        case .acceptableAlternative, .modelError, .unclear:
            if request.diagnosis != nil || triage != nil {
                throw RunFailure(.invalidInput, "--diagnosis and --triage correct a label; give them with --conclusion label_error.")
            }
            if conclusion != .acceptableAlternative, !request.alsoCorrect.isEmpty {
                throw RunFailure(
                    .invalidInput,
                    "--also-correct goes with label_error or acceptable_alternative, not \(conclusion.rawValue).")
            }
        }

        let store = try StoredRunCommands.open(request.database, environment, actorName: reviewer)
        let (vignette, result) = try StoredRunCommands.reading(request.runID, in: request.database) {
            guard try store.run(id: request.runID) != nil else {
                throw RunFailure(.invalidInput, "There is no run \(request.runID) in \(request.database).")
            }
            return (try store.vignette(runID: request.runID, key: key), try store.result(runID: request.runID, key: key))
        }
        guard let vignette, let result else {
            throw RunFailure(.invalidInput, "Run \(request.runID) has no result for vignette \(key).")
        }
        guard let content = vignette.content else {
            throw RunFailure(.runtime, "Run \(request.runID): vignette \(key) has a stored gold triage that cannot be read.")
        }

        var alsoCorrect = request.alsoCorrect
        if conclusion == .acceptableAlternative, alsoCorrect.isEmpty {
            guard result.status == .ok, let first = result.differential.first?.condition else {
                throw RunFailure(
                    .invalidInput,
                    "The model gave no differential for \(key); name the acceptable codes with --also-correct.")
            }
            alsoCorrect = [first]
        }
        let adjudication = Adjudication(
            vignette: key, vignetteDigest: content.sha256, runID: request.runID, conclusion: conclusion,
            diagnosis: request.diagnosis, alsoCorrect: alsoCorrect, triage: triage, reviewer: reviewer,
            comment: comment, createdAt: environment.now())
        let recorded = try StoredRunCommands.reading(request.runID, in: request.database) {
            try store.recordAdjudication(adjudication, seen: request.seen)
        }
        let line =
            "Recorded adjudication \(recorded.id.map(String.init) ?? "?") on \(key): \(conclusion.rawValue) by \(reviewer)."
            + (conclusion.changesLabels ? " Decide with 'clinval gate --run \(request.runID) --labels adjudicated' to score with it." : "")
        return (recorded, line)
    }

    /// `BANK/ID`.
    static func vignetteKey(_ text: String) throws -> VignetteKey {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, Identifiers.isSlug(parts[0]), Identifiers.isCode(parts[1]) else {
            throw RunFailure(.invalidInput, "--vignette takes BANK/ID, such as red-flags/rf-001; found '\(text)'.")
        }
        return VignetteKey(casebankID: parts[0], vignetteID: parts[1])
    }

    /// `LEVEL` or `LO..HI`.
    static func triageRange(_ text: String) throws -> TriageRange {
        let levels = TriageLevel.allCases.map(\.rawValue).joined(separator: ", ")
        let parts = text.components(separatedBy: "..")
        let parsed = parts.map { TriageLevel(rawValue: $0) }
        switch (parts.count, parsed.first ?? nil, parsed.last ?? nil) {
        case (1, let level?, _):
            return TriageRange(level)
        case (2, let lower?, let upper?):
            guard let range = TriageRange(lower: lower, upper: upper) else {
                throw RunFailure(.invalidInput, "--triage \(text): the first level must be the less urgent one.")
            }
            return range
        default:
            throw RunFailure(.invalidInput, "--triage takes a level (\(levels)) or LO..HI, such as routine..urgent; found '\(text)'.")
        }
    }
}
