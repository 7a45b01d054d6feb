import ClinvalPipeline

/// All terminal output goes through here, one whole line at a time, so output from concurrent
/// work never interleaves mid-line (``TerminalOutput`` holds the lock).
enum Console {
    /// Prints a line to standard output.
    static func print(_ line: String) {
        TerminalOutput.write(line + "\n", to: .standardOutput)
    }

    /// Prints a line to standard error.
    static func printError(_ line: String) {
        TerminalOutput.write(line + "\n", to: .standardError)
    }
}
