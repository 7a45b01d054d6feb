import ClinvalAdapters
import ClinvalCore

/// A model adapter for in-process tests of the pipeline, scripted per vignette.
///
/// It keeps the ``ModelAdapter`` contract: one answer per request, in order; an error or a
/// timeout is that vignette's answer; an unavailable model throws ``ModelUnavailableError`` from
/// ``start()`` or ``evaluate(_:)``, and from every later call.
public actor FakeModelAdapter: ModelAdapter {
    /// What the model does with one vignette.
    public enum Reply: Sendable, Hashable {
        /// Answers with a differential (condition id, probability) and a triage level.
        case answer([RankedCondition], triage: TriageLevel)
        /// Answers with status `error` and this message.
        case error(String)
        /// Answers with status `timeout` and this message.
        case timeout(String)
        /// Stops answering: the whole model is unreachable (the run exits 3).
        case unavailable(String)
    }

    /// The replies by request id (`bank/vignette`).
    public let replies: [String: Reply]
    /// The reply to a vignette the script does not name.
    public let otherwise: Reply
    /// When set, ``start()`` fails with this message.
    public let startFailure: String?
    /// The latency every answer reports, in milliseconds.
    public let latencyMs: Double

    /// The request ids evaluated so far, in order.
    public private(set) var evaluated: [String] = []
    /// How many times ``start()`` was called.
    public private(set) var starts = 0
    /// How many times ``shutdown()`` was called.
    public private(set) var shutdowns = 0
    private var unavailable: ModelUnavailableError?

    /// Creates a scripted adapter.
    public init(
        replies: [String: Reply] = [:], otherwise: Reply, startFailure: String? = nil, latencyMs: Double = 5
    ) {
        self.replies = replies
        self.otherwise = otherwise
        self.startFailure = startFailure
        self.latencyMs = latencyMs
    }

    /// A convenience reply: the given conditions with decreasing probabilities, and a triage.
    public static func ranking(_ conditions: [String], triage: TriageLevel) -> Reply {
        .answer(
            conditions.enumerated().map { RankedCondition(condition: $1, probability: 0.9 / Double($0 + 1)) },
            triage: triage)
    }

    /// Counts the start; throws ``ModelUnavailableError`` when scripted to fail to start.
    public func start() async throws {
        starts += 1
        if let startFailure {
            let error = ModelUnavailableError(startFailure)
            unavailable = error
            throw error
        }
    }

    /// Answers each request by its script, in order; throws ``ModelUnavailableError`` from the
    /// first `unavailable` reply on (and after a failed start).
    public func evaluate(_ requests: [ModelRequest]) async throws -> [ModelAnswer] {
        if let unavailable { throw unavailable }
        var answers: [ModelAnswer] = []
        for request in requests {
            switch replies[request.id] ?? otherwise {
            case .answer(let differential, let triage):
                answers.append(.ok(differential: differential, triage: triage, latencyMs: latencyMs))
            case .error(let message):
                answers.append(.error(message, latencyMs: latencyMs))
            case .timeout(let message):
                answers.append(.timeout(message, latencyMs: latencyMs))
            case .unavailable(let message):
                let error = ModelUnavailableError(message)
                unavailable = error
                throw error
            }
            evaluated.append(request.id)
        }
        return answers
    }

    /// Counts the shutdown.
    public func shutdown() async {
        shutdowns += 1
    }
}
