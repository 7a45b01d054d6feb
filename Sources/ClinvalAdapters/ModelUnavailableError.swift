/// The model as a whole cannot be reached: it cannot be started, or its workers keep dying before
/// they answer anything. A run stops on it with exit code 3 (docs/command-line.md, Exit codes).
public struct ModelUnavailableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a short lowercase fragment: `command not found: "serve"`.
    public var message: String
    /// The last lines the model wrote to standard error, capped (empty if none or not a process).
    public var stderrTail: String

    /// Creates the error.
    public init(_ message: String, stderrTail: String = "") {
        self.message = message
        self.stderrTail = stderrTail
    }

    /// The message, followed by the model's standard error tail when there is one.
    public var description: String {
        guard !stderrTail.isEmpty else { return message }
        let indented = stderrTail.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  | " + $0 }.joined(separator: "\n")
        return message + "; the model's last standard error lines:\n" + indented
    }
}
