import Foundation

/// All terminal output goes through here, one whole line at a time, so output from concurrent
/// work never interleaves mid-line.
enum Console {
    private static let lock = NSLock()

    /// Prints a line to standard output.
    static func print(_ line: String) {
        write(line + "\n", to: FileHandle.standardOutput)
    }

    /// Prints a line to standard error.
    static func printError(_ line: String) {
        write(line + "\n", to: FileHandle.standardError)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        lock.lock()
        defer { lock.unlock() }
        handle.write(Data(text.utf8))
    }
}
