import ClinvalRunner
import Foundation
import Logging
import Synchronization

/// Plain log lines every few seconds, for logs that are not a terminal (CI, Argo) or with
/// `--no-progress`.
final class PeriodicProgressLog: RunProgressObserver, Sendable {
    private let logger: Logger
    private let interval: TimeInterval
    /// When the last line was logged.
    private let lastLog = Mutex(Date())

    init(logger: Logger, interval: TimeInterval = 10) {
        self.logger = logger
        self.interval = interval
    }

    func update(_ progress: RunProgress) {
        lastLog.withLock { lastLog in
            guard Date().timeIntervalSince(lastLog) >= interval else { return }
            lastLog = Date()
            log("Progress", progress)
        }
    }

    func finish(_ progress: RunProgress) {
        log("Run finished answering", progress)
    }

    private func log(_ message: Logger.Message, _ progress: RunProgress) {
        logger.notice(
            message,
            metadata: [
                "vignettes.done": "\(progress.done)", "vignettes.total": "\(progress.total)",
                "vignettes.failed": "\(progress.failed)", "rate.per_second": "\(Int(progress.rate))",
            ])
    }
}
