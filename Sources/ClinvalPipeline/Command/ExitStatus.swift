import ClinvalCore
import ClinvalGate
import ClinvalStore

/// The exit code of every command, and the one mapping from what the pipeline decides or throws
/// to it (docs/command-line.md, Exit codes):
///
/// | code | case | meaning |
/// |---|---|---|
/// | 0 | ``success`` | success; for `run`, `merge` and `gate`: the gate passed |
/// | 1 | ``gateFailed`` | the gate failed: a valid verdict, and the outputs were written; for `audit verify`, a broken audit chain |
/// | 2 | ``invalidInput`` | invalid input or usage: a bad bank, model, policy or argument, an unknown run or database |
/// | 3 | ``runtimeFailure`` | runtime failure: the model unreachable, the database failed, an internal error |
///
/// Errors map as follows (``init(for:)``): ``InvalidInputError`` is 2; ``RunFailure`` is its
/// ``RunFailure/Kind``; a `StoreError` is 2 for a run or shard that does not fit (an unknown run,
/// a mismatch, a missing shard) and 3 otherwise; a thrown `ExitStatus` (a verdict or a lint
/// report already shown to the user) is itself; anything else is an internal error, 3.
///
/// Only a decided gate (or a broken audit chain) gives 1. Usage errors found by the argument parser are the command line's
/// to recognise; they exit ``invalidInput``.
public enum ExitStatus: Int32, Error, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Success; for `run`, `merge` and `gate`, the gate passed.
    case success = 0
    /// The gate failed: a valid verdict, outputs written (for `audit verify`: the audit chain is broken).
    case gateFailed = 1
    /// Invalid input or usage.
    case invalidInput = 2
    /// Runtime failure: model unreachable, database error, internal error.
    case runtimeFailure = 3

    /// The exit code for an error the pipeline threw.
    public init(for error: any Error) {
        switch error {
        case let status as ExitStatus: self = status
        case is InvalidInputError: self = .invalidInput
        case let failure as RunFailure: self = failure.kind.exitStatus
        case let storeError as StoreError: self = RunFailure.Kind(storeError).exitStatus
        default: self = .runtimeFailure
        }
    }

    /// The exit code for a gate verdict: 0 for pass, 1 for fail.
    public init(_ verdict: Verdict) {
        self = verdict == .pass ? .success : .gateFailed
    }

    /// The exit code for how a run, merge or gate ended: 0 for a stored shard or a passed gate,
    /// 1 for a failed gate.
    public init(_ ending: RunOutcome.Ending) {
        switch ending {
        case .shardStored: self = .success
        case .decided(let passed): self = passed ? .success : .gateFailed
        }
    }

    /// The exit code for a lint report: 0 without errors (warnings allowed), 2 otherwise.
    public init(_ report: LintReport) {
        self = report.diagnostics.hasErrors ? .invalidInput : .success
    }

    /// The lines to print on standard error for an error the pipeline threw, before exiting with
    /// ``init(for:)``: the diagnostics of an ``InvalidInputError``, `error: ` and the message of
    /// any other failure, nothing for a thrown `ExitStatus` (its outcome is already shown).
    public static func messages(for error: any Error) -> [String] {
        switch error {
        case is ExitStatus: []
        case let invalid as InvalidInputError: invalid.diagnostics.all.map(\.description)
        case let failure as RunFailure: ["error: \(failure.message)"]
        case let storeError as StoreError: ["error: \(storeError)"]
        default: ["error: internal error: \(error)"]
        }
    }

    /// Throws this status unless it is ``success``, for a command whose outcome is already shown.
    public func throwIfFailure() throws(ExitStatus) {
        if self != .success { throw self }
    }

    /// `2 (invalid input)`.
    public var description: String {
        let meaning =
            switch self {
            case .success: "success"
            case .gateFailed: "gate failed"
            case .invalidInput: "invalid input"
            case .runtimeFailure: "runtime failure"
            }
        return "\(rawValue) (\(meaning))"
    }
}

extension RunFailure.Kind {
    /// The exit code of a failure of this kind: 2 for invalid input or a stale state, 3 for a
    /// runtime failure.
    public var exitStatus: ExitStatus {
        switch self {
        case .invalidInput, .staleState: .invalidInput
        case .runtime: .runtimeFailure
        }
    }

    /// The kind of a store error: invalid input for a run or shard that does not fit the
    /// request (an unknown or existing run, a mismatch, a missing, duplicate, overlapping or
    /// incomplete shard), a stale state for a change based on a state that has moved on, a
    /// runtime failure for everything else.
    public init(_ error: StoreError) {
        switch error.code {
        case .runExists, .runNotFound, .runNotResumable, .identityMismatch, .shardMismatch, .missingShard,
            .duplicateShard, .overlappingShards, .incompleteShard:
            self = .invalidInput
        case .staleState: self = .staleState
        default: self = .runtime
        }
    }
}
