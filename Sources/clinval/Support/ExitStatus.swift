/// The exit codes (docs/command-line.md, Exit codes).
enum ExitStatus {
    /// Success; for `run` and `gate`, the gate passed.
    static let success: Int32 = 0
    /// The gate failed: a valid verdict, outputs written.
    static let gateFailed: Int32 = 1
    /// Invalid input or usage.
    static let invalidInput: Int32 = 2
    /// Runtime failure: model unreachable, database error, internal error.
    static let runtimeFailure: Int32 = 3
}
