import Foundation

/// A header of a manifest whose environment variable is not set, or holds a value that cannot
/// be sent.
public struct HTTPHeaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The header.
    public var header: String
    /// The environment variable.
    public var variable: String
    /// Whether the variable is set (then its value has a line break or another control
    /// character).
    public var isSet: Bool

    /// Creates the error.
    public init(header: String, variable: String, isSet: Bool) {
        self.header = header
        self.variable = variable
        self.isSet = isSet
    }

    /// What is wrong and how to fix it; never the value.
    public var description: String {
        isSet
            ? "header \(header) takes its value from the environment variable \(variable), whose value has a line break or another control character"
            : "header \(header) takes its value from the environment variable \(variable), which is not set; set it before the run"
    }
}
