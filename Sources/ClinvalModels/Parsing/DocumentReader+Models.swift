import ClinvalCore

/// Readings shared by the model and manifest parsers.
extension DocumentReader {
    /// The text of a number as written, or the kind of a node, for messages.
    static func literal(of node: SourceNode) -> String {
        if case .number(let number) = node.value { return number.literal }
        return node.kindDescription
    }

    /// Reads a slug (`[a-z0-9][a-z0-9-]*`) under `key`, if present.
    mutating func slug(_ mapping: Mapping, _ key: String) -> String? {
        guard let node = mapping[key], let text = identifier(node, at: mapping.path(key), accepting: Identifiers.isSlug)
        else { return nil }
        guard Identifiers.isSlug(text) else {
            error("expected a slug ([a-z0-9][a-z0-9-]*), found \(quoted(text))", at: node, field: mapping.path(key))
            return nil
        }
        return text
    }

    /// Reads a code (`[A-Za-z0-9._-]+`).
    mutating func code(_ node: SourceNode, at path: FieldPath) -> String? {
        guard let text = identifier(node, at: path, accepting: Identifiers.isCode) else { return nil }
        guard Identifiers.isCode(text) else {
            error("expected a code ([A-Za-z0-9._-]+), found \(quoted(text))", at: node, field: path)
            return nil
        }
        return text
    }

    /// Reads a triage level among `allowed`, listed most urgent first in messages.
    mutating func level(_ node: SourceNode, at path: FieldPath, allowed: [TriageLevel]) -> TriageLevel? {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        guard case .string(let text) = node.value else {
            error("expected one of \(names), found \(node.kindDescription)", at: node, field: path)
            return nil
        }
        let isAllowed = { (text: String) in TriageLevel(rawValue: text).map(allowed.contains) ?? false }
        guard admitsIdentifier(text, of: node, at: path, accepting: isAllowed) else { return nil }
        guard let level = TriageLevel(rawValue: text), allowed.contains(level) else {
            error("expected one of \(names), found \(quoted(text))", at: node, field: path)
            return nil
        }
        return level
    }

    /// Reads a mapping whose keys are data (finding ids, header names), not field names.
    ///
    /// A key that holds an invisible format character is reported and left out.
    ///
    /// - Parameter isValid: whether a key would be accepted, for the "did you mean".
    mutating func members(
        _ node: SourceNode, at path: FieldPath, accepting isValid: (String) -> Bool
    ) -> [SourceNode.Member]? {
        guard case .object(let members) = node.value else {
            error("expected a mapping, found \(node.kindDescription)", at: node, field: path)
            return nil
        }
        return members.filter { !rejectsInvisibleCharacters(inKey: $0, at: path, accepting: isValid) }
    }

    /// Reads a number that must satisfy `accepts`; otherwise reports `expected <what>, found <literal>`.
    mutating func number(
        _ node: SourceNode, at path: FieldPath, expected what: String, where accepts: (Double) -> Bool
    ) -> Double? {
        guard let value = number(node, at: path) else { return nil }
        guard accepts(value) else {
            error("expected \(what), found \(Self.literal(of: node))", at: node, field: path)
            return nil
        }
        return value
    }

    /// Reads a whole number of at least `minimum`.
    mutating func integer(_ node: SourceNode, at path: FieldPath, atLeast minimum: Int) -> Int? {
        guard let value = integer(node, at: path) else { return nil }
        guard value >= minimum else {
            error("expected a whole number of \(minimum) or more, found \(value)", at: node, field: path)
            return nil
        }
        return value
    }

    /// The location of a mapping member's key.
    func location(of member: SourceNode.Member) -> InputLocation {
        InputLocation(file: file, line: member.line, column: member.column)
    }

    /// `; did you mean "X"?` for the closest of `known`, or `otherwise`.
    static func suggestion(for name: String, in known: [String], otherwise: String) -> String {
        if let closest = Suggestions.closest(to: name, in: known) { return "; did you mean \(quoted(closest))?" }
        return otherwise
    }
}
