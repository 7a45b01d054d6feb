/// A value read from a JSON or YAML document, with the line and column where it starts.
///
/// Loaders read banks, models and policies from this tree instead of `Codable`, so that every
/// problem can name its line, column and field path, and so that unknown keys and wrong types are
/// reported rather than ignored.
public struct SourceNode: Sendable, Hashable {
    /// A number: its value and its text as written.
    public struct Number: Sendable, Hashable {
        /// The value as a double.
        public var value: Double
        /// The literal as written (`0.10`, `1e-3`), for messages.
        public var literal: String

        /// Creates a number.
        public init(value: Double, literal: String) {
            self.value = value
            self.literal = literal
        }

        /// The value as an `Int`, if it is whole and in range.
        public var exactInteger: Int? {
            guard value.isFinite, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
            return Int(value)
        }
    }

    /// One entry of a mapping: the key, where the key stands, and the value.
    public struct Member: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The key's 1-based line.
        public var line: Int
        /// The key's 1-based column.
        public var column: Int
        /// The value.
        public var value: SourceNode

        /// Creates a member.
        public init(key: String, line: Int, column: Int, value: SourceNode) {
            self.key = key
            self.line = line
            self.column = column
            self.value = value
        }
    }

    /// The kinds of value.
    public indirect enum Value: Sendable, Hashable {
        /// `null`, `~` or an empty YAML value.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// A number.
        case number(Number)
        /// Text.
        case string(String)
        /// A sequence.
        case array([SourceNode])
        /// A mapping, in document order (keys are unique).
        case object([Member])
    }

    /// The value.
    public var value: Value
    /// The 1-based line where the value starts.
    public var line: Int
    /// The 1-based column where the value starts.
    public var column: Int

    /// Creates a node.
    public init(_ value: Value, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// What kind of value this is, for messages: `a string`, `a number (2026.11)`, `a list`.
    public var kindDescription: String {
        switch value {
        case .null: "null"
        case .bool(let flag): "a boolean (\(flag))"
        case .number(let number): "a number (\(number.literal))"
        case .string: "a string"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}
