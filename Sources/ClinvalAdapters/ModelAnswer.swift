import ClinvalCore

/// A model's answer for one vignette: its status, its ranked differential and its triage level.
public struct ModelAnswer: Sendable, Hashable {
    /// Whether the model answered, and if not why.
    public enum Status: Sendable, Hashable {
        /// The model answered; the differential and triage hold its answer.
        case ok
        /// The model failed on this vignette: it answered with an error, answered with a malformed
        /// response, or crashed on it. The text says what went wrong (never the model's whole line).
        case error(String)
        /// The model did not answer within the time allowed per vignette.
        case timeout(String)

        /// The status without its message, as stored in `results.status`.
        public var kind: AnswerStatus {
            switch self {
            case .ok: .ok
            case .error: .error
            case .timeout: .timeout
            }
        }

        /// The message of an error or timeout; nil for `ok`.
        public var message: String? {
            switch self {
            case .ok: nil
            case .error(let message), .timeout(let message): message
            }
        }
    }

    /// Whether the model answered.
    public var status: Status
    /// The differential, ranked by ``DifferentialRanking/rank(_:)``; empty unless `status` is ok
    /// (and possibly empty then too).
    public var differential: [RankedCondition]
    /// The triage level; nil unless `status` is ok.
    public var triage: TriageLevel?
    /// How long the model took for this vignette, in milliseconds.
    public var latencyMs: Double
    /// How the answer was approximated, when the built-in engine could not compute it exactly; nil
    /// for exact answers and for external models.
    public var approximate: Approximation?
    /// How many of the vignette's evidence codes the model does not know (built-in model only);
    /// nil for external models.
    public var unknownCodeCount: Int?

    /// Creates an answer.
    public init(
        status: Status, differential: [RankedCondition] = [], triage: TriageLevel? = nil, latencyMs: Double,
        approximate: Approximation? = nil, unknownCodeCount: Int? = nil
    ) {
        self.status = status
        self.differential = differential
        self.triage = triage
        self.latencyMs = latencyMs
        self.approximate = approximate
        self.unknownCodeCount = unknownCodeCount
    }

    /// An ok answer; the differential is ranked here.
    public static func ok(
        differential: [RankedCondition], triage: TriageLevel, latencyMs: Double,
        approximate: Approximation? = nil, unknownCodeCount: Int? = nil
    ) -> ModelAnswer {
        ModelAnswer(
            status: .ok, differential: DifferentialRanking.rank(differential), triage: triage, latencyMs: latencyMs,
            approximate: approximate, unknownCodeCount: unknownCodeCount)
    }

    /// An error answer.
    public static func error(_ message: String, latencyMs: Double) -> ModelAnswer {
        ModelAnswer(status: .error(message), latencyMs: latencyMs)
    }

    /// A timeout answer.
    public static func timeout(_ message: String, latencyMs: Double) -> ModelAnswer {
        ModelAnswer(status: .timeout(message), latencyMs: latencyMs)
    }
}
