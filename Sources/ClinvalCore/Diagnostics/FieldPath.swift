/// The path of a field inside a document, such as `vignettes[3].gold.triage`.
///
/// Paths are built as a document is read and printed in every diagnostic, so that a clinician who
/// edits a bank can find the field even where the line is not enough (for example in a long flow
/// sequence).
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        /// A key of a mapping.
        case key(String)
        /// A 0-based index into a sequence.
        case index(Int)
    }

    /// The steps from the document root.
    public private(set) var components: [Component]

    /// The document root (an empty path).
    public static let root = FieldPath(components: [])

    /// Creates a path from its steps.
    public init(components: [Component]) {
        self.components = components
    }

    /// This path followed by a key.
    public func appending(_ key: String) -> FieldPath {
        FieldPath(components: components + [.key(key)])
    }

    /// This path followed by an index.
    public func appending(_ index: Int) -> FieldPath {
        FieldPath(components: components + [.index(index)])
    }

    /// Whether this is the document root.
    public var isRoot: Bool { components.isEmpty }

    /// `vignettes[3].gold.triage`; keys that are not plain identifiers are quoted
    /// (`links["E 91"]`).
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                if FieldPath.isPlain(key) {
                    text += text.isEmpty ? key : ".\(key)"
                } else {
                    text += "[\(quoted(key))]"
                }
            }
        }
        return text
    }

    private static func isPlain(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !(first.properties.numericType != nil) else { return false }
        return key.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || scalar == "_" || scalar == "-"
        }
    }
}
