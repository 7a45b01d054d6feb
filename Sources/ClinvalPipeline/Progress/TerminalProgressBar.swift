import ClinvalRunner
import Foundation
import Logging
import Synchronization

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
