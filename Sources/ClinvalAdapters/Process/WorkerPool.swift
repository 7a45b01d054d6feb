import Foundation
import Logging

/// The engine of ``ProcessModelAdapter``: async callers post commands to a ``WorkerInbox`` and
/// wake one I/O thread (``WorkerIOLoop``), which runs every worker process and resumes the
/// callers' continuations. Which request goes where, and what a broken worker costs, is decided
/// by ``WorkerScheduler``.
final class WorkerPool: Sendable {
    private let inbox = WorkerInbox()
    private let configuration: ProcessModelConfiguration
    private let logger: Logger

    init(configuration: ProcessModelConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Starts the I/O thread and every worker.
    func start() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            post(.start(continuation), orElse: { continuation.resume(throwing: $0) })
        }
    }

    /// Evaluates requests: one answer each, in order.
    func evaluate(_ requests: [ModelRequest]) async throws -> [ModelAnswer] {
        if let unavailable = inbox.state.withLock({ $0.unavailable }) { throw unavailable }
        guard !requests.isEmpty else { return [] }
        let jobID = inbox.state.withLock { state in
            state.nextJobID += 1
            return state.nextJobID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[ModelAnswer], any Error>) in
                let job = WorkerJob(id: jobID, requests: requests, continuation: continuation)
                post(.submit(job), orElse: { continuation.resume(throwing: $0) })
            }
        } onCancel: {
            post(.cancel(jobID), orElse: { _ in })
        }
    }

    /// Stops every worker and the I/O thread; waiting calls throw `CancellationError`.
    func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            post(.shutdown(continuation), orElse: { _ in continuation.resume() })
        }
    }

    /// Asks the I/O thread to stop without waiting (for `deinit`).
    func shutdownSoon() {
        post(.shutdown(nil), orElse: { _ in })
    }

    /// Counters so far.
    var statistics: ProcessModelStatistics {
        inbox.state.withLock { $0.statistics }
    }

    /// The process ids of every worker started so far (for tests).
    var processIDs: [pid_t] {
        inbox.state.withLock { $0.processIDs }
    }

    private func post(_ command: WorkerInbox.Command, orElse reject: (any Error) -> Void) {
        inbox.post(
            command,
            startThread: { [configuration, logger, inbox] in
                WorkerIOLoop.startThread(configuration: configuration, logger: logger, inbox: inbox)
            }, orElse: reject)
    }
}
