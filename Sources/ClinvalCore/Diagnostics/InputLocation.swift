/// A place in an input file: the file as the user named it, and a 1-based line and column where
/// they are known.
///
/// Columns count Unicode scalars, as libyaml does, so a column points at the same character in any
/// editor that counts characters.
///
/// Rendered the way compilers do (`casebanks/red-flags.yaml:41:7`), so terminals and CI systems can
/// link to it.
public struct InputLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, as given on the command line or found in a folder (never made absolute).
    public var file: String
    /// The 1-based line, if known.
    public var line: Int?
    /// The 1-based column, if known (only meaningful with a line).
    public var column: Int?

    /// Creates a location.
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = line == nil ? nil : column
    }

    /// `file`, `file:line` or `file:line:column`.
    public var description: String {
        guard let line else { return file }
        guard let column else { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }
}
