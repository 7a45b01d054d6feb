import ClinvalCore
import Foundation
import Logging
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An external model behind an HTTP endpoint (docs/model-format.md, `kind: http`).
///
/// Each vignette is one `POST` of the same JSON request body a process worker reads, with
/// `Content-Type: application/json` and the manifest's headers; the response body is the same
/// JSON response, and must name the vignette's id. At most
/// ``HTTPModelConfiguration/concurrency`` requests are in flight at once, over all concurrent
/// ``evaluate(_:)`` calls.
///
/// Faults, per vignette: an error response or a malformed body is that vignette's `error`; a
/// request with no answer within ``HTTPModelConfiguration/timeoutSeconds`` is its `timeout`. A
/// failure that may pass (no answer in time, a connection that failed, HTTP 408, 429, 500, 502,
/// 503 or 504) is retried ``HTTPModelConfiguration/retries`` times, waiting 0.2 s, 0.4 s, … in
/// between; other HTTP statuses are the vignette's `error` at once.
///
/// The model is unavailable (``ModelUnavailableError``, the run stops with exit code 3) when the
/// first ``HTTPModelConfiguration/maxFailuresBeforeFirstAnswer`` vignettes in a row all fail
/// before any body names its vignette (a wrong URL, a refused token, a server that is not
/// running, a page that is not the model's; an error response of the model's is an answer), or when
/// ``HTTPModelConfiguration/maxUnreachableAfterFirstAnswer`` vignettes in a row cannot reach it
/// later (the server went away).
///
/// Messages name the endpoint without its query (which may carry a key) and never hold a header
/// value or vignette data.
public final class HTTPModelAdapter: ModelAdapter {
    /// The settings the adapter runs with.
    public let configuration: HTTPModelConfiguration
    private let session: URLSession
    private let slots: AsyncSlots
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        /// Whether any request got a well-formed answer.
        var answered = false
        /// Vignettes that failed in a row, before the first answer.
        var failuresInARow = 0
        /// Vignettes that could not reach the model in a row, after the first answer.
        var unreachableInARow = 0
        var unavailable: ModelUnavailableError?
        var shutDown = false
    }

    /// Creates the adapter; no request is sent before the first ``evaluate(_:)``.
    ///
    /// - Parameter logger: receives retries (debug) and unavailability (error); never vignette
    ///   data or header values.
    public init(configuration: HTTPModelConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        slots = AsyncSlots(count: configuration.concurrency)
        let settings = URLSessionConfiguration.ephemeral
        settings.httpMaximumConnectionsPerHost = configuration.concurrency
        // The adapter times requests itself (Foundation on Linux rounds sub-second timeouts
        // down to nothing); the session's own limits are only a backstop.
        settings.timeoutIntervalForRequest = Self.backstop(configuration.timeoutSeconds)
        settings.timeoutIntervalForResource = Self.backstop(configuration.timeoutSeconds)
        settings.requestCachePolicy = .reloadIgnoringLocalCacheData
        settings.urlCache = nil
        settings.httpCookieStorage = nil
        settings.httpShouldSetCookies = false
        session = URLSession(configuration: settings)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// The endpoint as messages show it: scheme, host, port and path, without the query.
    public var endpoint: String {
        guard var components = URLComponents(url: configuration.url, resolvingAgainstBaseURL: false) else {
            return "the model's endpoint"
        }
        components.query = nil
        components.fragment = nil
        return components.string ?? "the model's endpoint"
    }

    /// Nothing to start: whether the endpoint answers shows in the first requests.
    public func start() async throws {}

    /// Answers each request by one `POST`, up to ``HTTPModelConfiguration/concurrency`` at once.
    public func evaluate(_ requests: [ModelRequest]) async throws -> [ModelAnswer] {
        try checkUsable()
        return try await withThrowingTaskGroup(of: (Int, ModelAnswer).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, try await self.answer(request)) }
            }
            var answers = [ModelAnswer?](repeating: nil, count: requests.count)
            for try await (index, answer) in group { answers[index] = answer }
            return answers.map { $0 ?? .error("no answer", latencyMs: 0) }
        }
    }

    /// Cancels the requests in flight; later calls throw `CancellationError`.
    public func shutdown() async {
        state.withLock { $0.shutDown = true }
        session.invalidateAndCancel()
    }

    // MARK: One vignette

    private func answer(_ request: ModelRequest) async throws -> ModelAnswer {
        try await slots.withSlot {
            try checkUsable()
            var body: [UInt8] = []
            request.appendJSON(to: &body)
            let started = MonotonicClock.now()
            var attempt = 0
            while true {
                let outcome = await send(body)
                try Task.checkCancellation()
                let latency = (MonotonicClock.now() - started) * 1000
                switch outcome {
                case .body(let data):
                    let (answer, tied) = Self.read(data, for: request, latencyMs: latency)
                    // An answer that names the vignette shows the model at work, even if it is an
                    // error; a body that cannot be tied to it may be a wrong endpoint's page.
                    try note(tied ? .answered : .failed, reason: answer.status.message)
                    return answer
                case .failure(let failure):
                    if failure.mayPass && attempt < configuration.retries {
                        attempt += 1
                        logger.debug(
                            "Retrying a request to the model",
                            metadata: ["attempt": "\(attempt + 1)", "reason": "\(failure.message)"])
                        let delay = configuration.retryDelaySeconds * Double(1 << min(attempt - 1, 16))
                        try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                        continue
                    }
                    try note(failure.isUnreachable ? .unreachable : .failed, reason: failure.message)
                    let attempts = attempt > 0 ? " (\(attempt + 1) attempts)" : ""
                    return failure.isTimeout
                        ? .timeout(failure.message + attempts, latencyMs: latency)
                        : .error(failure.message + attempts, latencyMs: latency)
                }
            }
        }
    }

    /// Reads a response body as the vignette's answer.
    ///
    /// - Returns: the answer, and whether the body names the vignette (an answer, an error or a
    ///   malformed answer of the model's) rather than being unreadable or another vignette's.
    static func read(_ data: Data, for request: ModelRequest, latencyMs: Double) -> (ModelAnswer, tied: Bool) {
        let bytes = [UInt8](data)
        switch ModelResponse.parse(bytes, range: 0..<bytes.count, noun: "body") {
        case .blank:
            return (.error("malformed response: an empty body", latencyMs: latencyMs), false)
        case .untied(let reason):
            return (.error("malformed response: " + reason, latencyMs: latencyMs), false)
        case .tied(let id, let outcome):
            guard id == request.id else {
                return (.error("malformed response: it names another vignette's id", latencyMs: latencyMs), false)
            }
            switch outcome {
            case .answer(let differential, let triage):
                return (.ok(differential: differential, triage: triage, latencyMs: latencyMs), true)
            case .modelError(let message), .malformed(let message):
                return (.error(message, latencyMs: latencyMs), true)
            }
        }
    }


    // MARK: Availability

    private enum Event {
        case answered, failed, unreachable
    }

    /// Counts a vignette's outcome toward the model's availability.
    ///
    /// - Throws: ``ModelUnavailableError`` when the limit of failures in a row is reached.
    private func note(_ event: Event, reason: String?) throws {
        let unavailable: ModelUnavailableError? = state.withLock { state in
            if let unavailable = state.unavailable { return unavailable }
            switch event {
            case .answered:
                state.answered = true
                state.failuresInARow = 0
                state.unreachableInARow = 0
                return nil
            case .failed, .unreachable:
                if !state.answered {
                    state.failuresInARow += 1
                    guard state.failuresInARow >= configuration.maxFailuresBeforeFirstAnswer else { return nil }
                    state.unavailable = ModelUnavailableError(
                        "the model at \(endpoint) answered none of the first \(state.failuresInARow) vignettes: \(reason ?? "malformed answers")"
                    )
                } else if event == .unreachable {
                    state.unreachableInARow += 1
                    guard state.unreachableInARow >= configuration.maxUnreachableAfterFirstAnswer else { return nil }
                    state.unavailable = ModelUnavailableError(
                        "the model at \(endpoint) could not be reached for \(state.unreachableInARow) vignettes in a row: \(reason ?? "")"
                    )
                } else {
                    state.unreachableInARow = 0
                    return nil
                }
                return state.unavailable
            }
        }
        if let unavailable {
            logger.error("The model cannot be reached", metadata: ["endpoint": "\(endpoint)"])
            throw unavailable
        }
    }

    private func checkUsable() throws {
        try state.withLock { state in
            if let unavailable = state.unavailable { throw unavailable }
            if state.shutDown { throw CancellationError() }
        }
    }

    // MARK: Transport

    /// What one `POST` gave.
    private enum SendOutcome {
        case body(Data)
        case failure(Failure)
    }

    /// Why a `POST` gave no body to read.
    struct Failure {
        /// For the vignette's message.
        var message: String
        /// Worth trying again.
        var mayPass: Bool
        /// No answer in time.
        var isTimeout = false
        /// The model could not be reached at all (no HTTP status).
        var isUnreachable = false
    }

    /// Statuses that may pass on a retry.
    static let passingStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    private func send(_ body: [UInt8]) async -> SendOutcome {
        var request = URLRequest(
            url: configuration.url, cachePolicy: .reloadIgnoringLocalCacheData,
            timeoutInterval: Self.backstop(configuration.timeoutSeconds))
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        for header in configuration.headers {
            request.setValue(header.value, forHTTPHeaderField: header.name)
        }
        let pending = PendingRequest()
        let maxBytes = configuration.maxResponseBytes
        let timeout = configuration.timeoutSeconds
        // The request races a timer child task: the timer ends a request that takes too long, and
        // the request, once answered, cancels the timer.
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { await Self.timeOut(pending, after: timeout) }
            let outcome = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<SendOutcome, Never>) in
                    let dataTask = session.dataTask(with: request) { data, response, error in
                        continuation.resume(
                            returning: Self.outcome(
                                data: data, response: response, error: error, timedOut: pending.timedOut,
                                maxBytes: maxBytes, timeout: timeout))
                    }
                    pending.start(dataTask)
                }
            } onCancel: {
                pending.cancel()
            }
            group.cancelAll()
            return outcome
        }
    }

    /// Ends `pending` once `timeout` seconds have passed, unless the task is cancelled first (the
    /// request was answered, or its caller gave up).
    private static func timeOut(_ pending: PendingRequest, after timeout: Double) async {
        do {
            try await Task.sleep(for: .seconds(timeout))
        } catch {
            return  // cancelled: nothing to end
        }
        pending.timeOut()
    }

    /// The session's own timeout: well above the adapter's, which ends a request first.
    private static func backstop(_ timeout: Double) -> Double {
        (timeout + 30).rounded(.up)
    }

    private static func outcome(
        data: Data?, response: URLResponse?, error: (any Error)?, timedOut: Bool, maxBytes: Int, timeout: Double
    ) -> SendOutcome {
        if let error {
            let code = (error as? URLError)?.code
            if timedOut || code == .timedOut {
                return .failure(
                    Failure(message: "no answer within \(Self.seconds(timeout))", mayPass: true, isTimeout: true))
            }
            switch code {
            case .cancelled?:
                return .failure(Failure(message: "the request was cancelled", mayPass: false))
            case .cannotConnectToHost?, .cannotFindHost?, .dnsLookupFailed?, .networkConnectionLost?,
                .notConnectedToInternet?, .cannotLoadFromNetwork?:
                return .failure(
                    Failure(
                        message: "cannot reach the model (\(Self.describe(error)))", mayPass: true, isUnreachable: true))
            default:
                return .failure(Failure(message: "the request failed (\(Self.describe(error)))", mayPass: false))
            }
        }
        guard let http = response as? HTTPURLResponse else {
            return .failure(Failure(message: "the answer is not an HTTP response", mayPass: false))
        }
        guard (200..<300).contains(http.statusCode) else {
            let reason = HTTPURLResponse.localizedString(forStatusCode: http.statusCode).lowercased()
            return .failure(
                Failure(
                    message: "the model answered HTTP \(http.statusCode) \(reason)",
                    mayPass: passingStatuses.contains(http.statusCode)))
        }
        let body = data ?? Data()
        guard body.count <= maxBytes else {
            return .failure(
                Failure(
                    message: "malformed response: a body of \(body.count.byteCountDescription), over the \(maxBytes.byteCountDescription) limit",
                    mayPass: false))
        }
        return .body(body)
    }

    /// A transport error in a few words, without the URL (which may carry a key in its query).
    private static func describe(_ error: any Error) -> String {
        guard let urlError = error as? URLError else { return "\(type(of: error))" }
        let underlying = (urlError.userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription
        let text = underlying ?? urlError.localizedDescription
        // libcurl's messages name the host and port, never the query; keep them short.
        return String(text.prefix(160))
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// The data task of one request, so that cancelling the calling task, or the adapter's timeout,
/// cancels it, whether that comes before or after the task exists.
private final class PendingRequest: Sendable {
    private let state = Mutex<(task: URLSessionDataTask?, cancelled: Bool, timedOut: Bool)>((nil, false, false))

    /// Whether the request was cancelled because it took too long.
    var timedOut: Bool { state.withLock { $0.timedOut } }

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        task.resume()
        if cancelled { task.cancel() }
    }

    /// Cancels the request for its caller.
    func cancel() {
        let task: URLSessionDataTask? = state.withLock { state in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }

    /// Cancels the request because its time is up (a request that finished is left alone).
    func timeOut() {
        let task: URLSessionDataTask? = state.withLock { state in
            guard let task = state.task, task.state == .running else { return nil }
            state.timedOut = true
            state.cancelled = true
            return task
        }
        task?.cancel()
    }
}
