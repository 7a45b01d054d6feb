import Foundation
import Synchronization

/// Standard output and standard error, written one whole piece of text at a time: text written
/// from concurrent tasks (the command's lines, log lines, the progress bar) never interleaves
/// mid-line.
public enum TerminalOutput {
    /// Which stream to write to.
    public enum Stream: Sendable {
        /// Standard output.
        case standardOutput
        /// Standard error.
        case standardError
    }

    /// Held while writing, to either stream.
    private static let writing = Mutex(())

    /// Writes `text` as it is (add the line break yourself).
    public static func write(_ text: String, to stream: Stream) {
        writing.withLock { _ in
            let handle = stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
            handle.write(Data(text.utf8))
        }
    }
}
