import ClinvalRunner
import Foundation
import Logging
import Synchronization

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

/// A one-line progress bar on standard error, redrawn at most ten times a second:
/// `[#########...........]  512/980  45%  410/s  ETA 0:02  0 errors`.
final class TerminalProgressBar: RunProgressObserver, Sendable {
    /// When the bar was last drawn; held while drawing, so two lines never mix.
    private let lastDraw = Mutex(Date.distantPast)

    func update(_ progress: RunProgress) {
        lastDraw.withLock { lastDraw in
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            draw(progress)
        }
    }

    func finish(_ progress: RunProgress) {
        lastDraw.withLock { _ in
            draw(progress)
            TerminalOutput.write("\n", to: .standardError)
        }
    }

    private func draw(_ progress: RunProgress) {
        let width = 24
        let fraction = progress.total > 0 ? min(1, Double(progress.done) / Double(progress.total)) : 0
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var line = "\r[\(bar)] \(progress.done)/\(progress.total) \(Int(fraction * 100))%"
        line += "  \(Int(progress.rate))/s"
        if let remaining = progress.secondsRemaining { line += "  ETA \(Self.clock(remaining))" }
        line += "  \(progress.failed) \(progress.failed == 1 ? "error" : "errors")   "
        TerminalOutput.write(line, to: .standardError)
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let minutes = total / 60
        let rest = total % 60
        return "\(minutes):\(rest < 10 ? "0" : "")\(rest)"
    }
}

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
