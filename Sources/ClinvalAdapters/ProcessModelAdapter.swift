import Logging

/// An external model run as worker processes speaking JSON Lines (docs/model-format.md, `kind: process`).
///
/// Each of `workers` child processes is started from the configured argv (never through a shell)
/// in the manifest's folder, reads one request per line on standard input and writes one response
/// per line on standard output, in any order, matched by id. Requests are pipelined (up to
/// ``ProcessModelConfiguration/pipelineDepth`` in flight per worker) from every concurrent
/// ``evaluate(_:)`` call. Standard error is kept only as a capped tail for messages.
///
/// Faults (docs/model-format.md): a response with an error or a malformed response with a known id is
/// that vignette's `error`; a line that cannot be tied to a vignette, a crash or a hang breaks the
/// worker, which is killed (with its process group), reaped and restarted, and its in-flight
/// vignettes are retried one at a time on the fresh worker, so that only a vignette that breaks a
/// worker on its own is recorded as `error` (crash, garbage) or `timeout` (hang).
///
/// The model is unavailable (``ModelUnavailableError``, thrown by ``start()`` or
/// ``evaluate(_:)``) when its command cannot be found or started, or when
/// ``ProcessModelConfiguration/maxSilentWorkersBeforeFirstAnswer`` worker processes in a row fail
/// on a single vignette without answering anything, before the model has ever answered
/// (``ProcessModelConfiguration/maxSilentWorkersAfterFirstAnswer`` once it has).
///
/// All pipe I/O and process reaping runs on one dedicated thread, never on the cooperative pool.
/// Starting the adapter makes this process ignore `SIGPIPE` (a write to a dead worker then fails
/// with `EPIPE` instead of killing the run); children get the default handling back.
public final class ProcessModelAdapter: ModelAdapter {
    /// The settings the adapter runs with.
    public let configuration: ProcessModelConfiguration
    private let pool: WorkerPool

    /// Creates the adapter; nothing starts before ``start()``.
    ///
    /// - Parameter logger: receives worker starts (debug), breaks (warning) and unavailability
    ///   (error), with the worker's slot and pid as metadata; never vignette data.
    public init(configuration: ProcessModelConfiguration, logger: Logger) {
        self.configuration = configuration
        self.pool = WorkerPool(configuration: configuration, logger: logger)
    }

    deinit {
        pool.shutdownSoon()
    }

    /// Finds the command and starts every worker.
    ///
    /// - Throws: ``ModelUnavailableError`` if the command is empty, not found, not executable, or
    ///   cannot be spawned.
    public func start() async throws {
        try await pool.start()
    }

    /// Answers vignettes (see ``ModelAdapter``); starts the workers first if ``start()`` was not
    /// called.
    public func evaluate(_ requests: [ModelRequest]) async throws -> [ModelAnswer] {
        try await pool.evaluate(requests)
    }

    /// Closes the workers' input, gives them half a second to exit, then kills and reaps them.
    public func shutdown() async {
        await pool.shutdown()
    }

    /// Counters of worker starts, breaks and responses so far.
    public var statistics: ProcessModelStatistics {
        pool.statistics
    }

    /// The process ids of every worker started so far, for tests that check none is left behind.
    package var workerProcessIDs: [Int32] {
        pool.processIDs.map { Int32($0) }
    }
}
