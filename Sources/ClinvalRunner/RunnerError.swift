import ClinvalAdapters
import ClinvalCasebanks
import ClinvalCore
import Foundation

/// A bank that cannot be read during a run (it passed lint, so it changed since).
public struct RunnerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// The bank.
    public var file: String

    /// `file: error: message`.
    public var description: String { "\(file): error: \(message)" }
}
