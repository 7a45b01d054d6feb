import ClinvalRunner
import Foundation
import Logging

/// How `clinval run` shows its progress on standard error.
public enum ProgressDisplay: Sendable, Hashable {
    /// A progress bar redrawn in place when standard error is a terminal, log lines otherwise.
    case automatic
    /// Log lines only (`--no-progress`).
    case logLines

    /// The display for `--no-progress` given or not.
    public init(noProgress: Bool) {
        self = noProgress ? .logLines : .automatic
    }

    /// The observer that shows progress this way, for ``RunPipeline/execute(progress:logger:warnings:)``.
    public func observer(logger: Logger) -> any RunProgressObserver {
        self == .automatic && isatty(STDERR_FILENO) == 1 ? TerminalProgressBar() : PeriodicProgressLog(logger: logger)
    }
}
