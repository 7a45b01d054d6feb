/// A model that answers vignettes: the built-in noisy-OR network, an external process, or an
/// HTTP service (docs/model-format.md).
///
/// Contract for every adapter:
/// - ``start()`` is called once before the first ``evaluate(_:)``; it prepares the model (loads
///   it, starts worker processes) and throws ``ModelUnavailableError`` if the model cannot be
///   started at all.
/// - ``evaluate(_:)`` returns exactly one answer per request, in the order of the requests. A
///   failure on one vignette (an error response, a malformed response, a crash or a hang on it) is
///   that vignette's answer with status `error` or `timeout`; it is never thrown and never
///   charged to another vignette.
/// - ``evaluate(_:)`` may be called concurrently from several tasks; an adapter with parallel
///   workers keeps them busy with the requests of all calls. Request ids must be unique among
///   the requests being evaluated at one time.
/// - ``evaluate(_:)`` throws ``ModelUnavailableError`` when the model as a whole cannot be
///   reached (it cannot be started, or every worker dies before answering): the run should stop
///   (exit 3) rather than record every vignette as an error. After that error every later call
///   throws it too.
/// - Cancelling the calling task makes ``evaluate(_:)`` throw `CancellationError` promptly;
///   requests not yet sent to the model are dropped, and answers to requests already sent are
///   discarded when they arrive.
/// - ``shutdown()`` stops the model and releases its resources (no child process is left behind);
///   calls still waiting throw `CancellationError`. It may be called more than once.
public protocol ModelAdapter: Sendable {
    /// Prepares the model.
    ///
    /// - Throws: ``ModelUnavailableError`` if the model cannot be started.
    func start() async throws

    /// Answers vignettes: one answer per request, in the requests' order.
    ///
    /// - Throws: ``ModelUnavailableError`` if the model cannot be reached at all;
    ///   `CancellationError` if the task was cancelled or the adapter shut down.
    func evaluate(_ requests: [ModelRequest]) async throws -> [ModelAnswer]

    /// Stops the model and releases its resources.
    func shutdown() async
}
