/// Reads typed values out of a ``SourceNode`` tree strictly, collecting a diagnostic for every
/// problem instead of stopping at the first.
///
/// Every reading method returns `nil` after recording an error, so a loader reads on and reports
/// the rest of the document too.
///
/// ```swift
/// var reader = DocumentReader(file: "casebanks/red-flags.yaml")
/// if let root = reader.mapping(node, at: .root, required: ["casebank"], optional: ["title"]) {
///     let id = reader.string(root, "casebank")
/// }
/// ```
///
/// Identifiers, codes and enumerated values (``identifier(_:at:accepting:)``, ``oneOf(_:at:as:)``,
/// keys) must not hold an invisible format character (``InvisibleCharacters``): one is an error
/// naming it by code point, with the value escaped and, where the value without it is valid, a
/// "did you mean". Free text (``string(_:at:)``) keeps them.
///
/// - Important: Messages quote keys and short codes, never free text (a vignette's summary), so
///   they are safe to print in CI logs.
public struct DocumentReader {
    /// The file being read, as the user named it.
    public let file: String
    /// Everything found so far.
    public var diagnostics = DiagnosticList()

    /// Creates a reader for one file.
    public init(file: String) {
        self.file = file
    }

    // MARK: Locations and reporting

    /// The location of a node.
    public func location(of node: SourceNode) -> InputLocation {
        InputLocation(file: file, line: node.line, column: node.column)
    }

    /// Records an error at a node.
    public mutating func error(_ message: String, at node: SourceNode, field: FieldPath) {
        diagnostics.error(message, at: location(of: node), field: field)
    }

    /// Records a warning at a node.
    public mutating func warning(_ message: String, at node: SourceNode, field: FieldPath) {
        diagnostics.warning(message, at: location(of: node), field: field)
    }

    // MARK: Mappings

    /// Reads a mapping, reporting a wrong type, each unknown key (with a suggestion), each key that
    /// holds an invisible format character, and each missing required key.
    ///
    /// - Returns: the mapping, even when keys were unknown or missing (so the known keys can still
    ///   be checked), or `nil` if the node is not a mapping.
    public mutating func mapping(
        _ node: SourceNode, at path: FieldPath, required: [String], optional: [String] = []
    ) -> Mapping? {
        guard case .object(let members) = node.value else {
            error("expected a mapping, found \(node.kindDescription)", at: node, field: path)
            return nil
        }
        for member in members where !required.contains(member.key) && !optional.contains(member.key) {
            let known = required + optional
            if rejectsInvisibleCharacters(inKey: member, at: path, accepting: known.contains) { continue }
            var message = "unknown field"
            if let suggestion = Suggestions.closest(to: member.key, in: known) {
                message += "; did you mean \(quoted(suggestion))?"
            } else {
                message += "; expected one of \(known.joined(separator: ", "))"
            }
            diagnostics.error(
                message, at: InputLocation(file: file, line: member.line, column: member.column),
                field: path.appending(member.key))
        }
        // Mappings are small: a scan costs less than hashing every key into a set. A key written
        // with an invisible character was reported as such, not again as missing.
        for key in required where !members.contains(where: { $0.key == key }) {
            if members.contains(where: { InvisibleCharacters.removing(from: $0.key) == key }) { continue }
            error("missing required field", at: node, field: path.appending(key))
        }
        return Mapping(node: node, path: path, members: members)
    }

    // MARK: Scalars

    /// Reads text.
    public mutating func string(_ node: SourceNode, at path: FieldPath) -> String? {
        if case .string(let text) = node.value { return text }
        var message = "expected a string, found \(node.kindDescription)"
        switch node.value {
        case .number, .bool: message += "; put it in quotes if it is meant as text"
        default: break
        }
        error(message, at: node, field: path)
        return nil
    }

    /// Reads text that must not be empty or only white space.
    public mutating func nonEmptyString(_ node: SourceNode, at path: FieldPath) -> String? {
        guard let text = string(node, at: path) else { return nil }
        if text.allSatisfy(\.isWhitespace) {
            error("must not be empty", at: node, field: path)
            return nil
        }
        return text
    }

    /// Reads an identifier, a code or an enumerated value: text that must not hold an invisible
    /// format character. The caller checks its syntax.
    ///
    /// - Parameter isValid: whether a value would be accepted; when the text without its
    ///   invisible characters is, the message suggests it.
    /// - Returns: the text, or `nil` after recording an error (not text, or an invisible character).
    public mutating func identifier(
        _ node: SourceNode, at path: FieldPath, accepting isValid: (String) -> Bool
    ) -> String? {
        guard let text = string(node, at: path) else { return nil }
        return admitsIdentifier(text, of: node, at: path, accepting: isValid) ? text : nil
    }

    /// Checks text already read from `node` as an identifier, a code or an enumerated value.
    ///
    /// - Returns: whether it holds no invisible format character; otherwise the error is recorded
    ///   (`invisible character U+FEFF in "\u{feff}male"; did you mean "male"?`).
    public mutating func admitsIdentifier(
        _ text: String, of node: SourceNode, at path: FieldPath, accepting isValid: (String) -> Bool
    ) -> Bool {
        guard let message = InvisibleCharacters.message(for: text, isValid: isValid) else { return true }
        error(message, at: node, field: path)
        return false
    }

    /// Reports a mapping key that holds an invisible format character, at the key.
    ///
    /// - Parameter isValid: whether a key would be accepted, for the "did you mean".
    /// - Returns: whether the key was rejected.
    public mutating func rejectsInvisibleCharacters(
        inKey member: SourceNode.Member, at path: FieldPath, accepting isValid: (String) -> Bool
    ) -> Bool {
        guard let message = InvisibleCharacters.message(for: member.key, noun: "key", isValid: isValid) else {
            return false
        }
        diagnostics.error(
            message, at: InputLocation(file: file, line: member.line, column: member.column),
            field: path.appending(member.key))
        return true
    }

    /// Reads a finite number.
    public mutating func number(_ node: SourceNode, at path: FieldPath) -> Double? {
        guard case .number(let number) = node.value else {
            error("expected a number, found \(node.kindDescription)", at: node, field: path)
            return nil
        }
        guard number.value.isFinite else {
            error("expected a finite number, found \(number.literal)", at: node, field: path)
            return nil
        }
        return number.value
    }

    /// Reads a number that must lie in `range` (both ends included); `what` names the range in the
    /// message (`a probability`).
    public mutating func number(
        _ node: SourceNode, at path: FieldPath, in range: ClosedRange<Double>, what: String? = nil
    ) -> Double? {
        guard let value = number(node, at: path) else { return nil }
        guard range.contains(value) else {
            let literal = literal(of: node)
            let name = what.map { "\($0) " } ?? ""
            error(
                "expected \(name)between \(format(range.lowerBound)) and \(format(range.upperBound)), found \(literal)",
                at: node, field: path)
            return nil
        }
        return value
    }

    /// Reads a whole number.
    public mutating func integer(_ node: SourceNode, at path: FieldPath) -> Int? {
        guard let value = number(node, at: path) else { return nil }
        guard case .number(let number) = node.value, let integer = number.exactInteger else {
            error("expected a whole number, found \(literal(of: node))", at: node, field: path)
            return nil
        }
        _ = value
        return integer
    }

    /// Reads a whole number in `range`.
    public mutating func integer(_ node: SourceNode, at path: FieldPath, in range: ClosedRange<Int>) -> Int? {
        guard let value = integer(node, at: path) else { return nil }
        guard range.contains(value) else {
            error(
                "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(value)",
                at: node, field: path)
            return nil
        }
        return value
    }

    /// Reads `true` or `false`.
    public mutating func bool(_ node: SourceNode, at path: FieldPath) -> Bool? {
        if case .bool(let flag) = node.value { return flag }
        var message = "expected true or false, found \(node.kindDescription)"
        if case .string(let text) = node.value, ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) {
            message += " (\(quoted(text))); write true or false"
        }
        error(message, at: node, field: path)
        return nil
    }

    /// Reads one of a fixed set of words.
    public mutating func oneOf<Value: RawRepresentable & CaseIterable>(
        _ node: SourceNode, at path: FieldPath, as type: Value.Type = Value.self
    ) -> Value? where Value.RawValue == String {
        let names = Value.allCases.map(\.rawValue)
        guard case .string(let text) = node.value else {
            error("expected one of \(names.joined(separator: ", ")), found \(node.kindDescription)", at: node, field: path)
            return nil
        }
        guard admitsIdentifier(text, of: node, at: path, accepting: { Value(rawValue: $0) != nil }) else { return nil }
        guard let value = Value(rawValue: text) else {
            error("expected one of \(names.joined(separator: ", ")), found \(quoted(text))", at: node, field: path)
            return nil
        }
        return value
    }

    // MARK: Lists

    /// Reads a list.
    public mutating func array(_ node: SourceNode, at path: FieldPath) -> [SourceNode]? {
        guard case .array(let elements) = node.value else {
            error("expected a list, found \(node.kindDescription)", at: node, field: path)
            return nil
        }
        return elements
    }

    /// Reads a list of strings, reporting each element that is not a string; returns the strings
    /// with their nodes.
    public mutating func stringList(_ node: SourceNode, at path: FieldPath) -> [(text: String, node: SourceNode)]? {
        guard let elements = array(node, at: path) else { return nil }
        var strings: [(String, SourceNode)] = []
        for (index, element) in elements.enumerated() {
            if let text = string(element, at: path.appending(index)) {
                strings.append((text, element))
            }
        }
        return strings
    }

    // MARK: Members of a mapping (absent members were already reported as missing if required)

    /// Reads the string under `key`, if present.
    public mutating func string(_ mapping: Mapping, _ key: String) -> String? {
        mapping[key].flatMap { string($0, at: mapping.path(key)) }
    }

    /// Reads the non-empty string under `key`, if present.
    public mutating func nonEmptyString(_ mapping: Mapping, _ key: String) -> String? {
        mapping[key].flatMap { nonEmptyString($0, at: mapping.path(key)) }
    }

    /// Reads the identifier under `key`, if present (see ``identifier(_:at:accepting:)``).
    public mutating func identifier(
        _ mapping: Mapping, _ key: String, accepting isValid: (String) -> Bool
    ) -> String? {
        mapping[key].flatMap { identifier($0, at: mapping.path(key), accepting: isValid) }
    }

    /// Reads the number under `key`, if present.
    public mutating func number(_ mapping: Mapping, _ key: String) -> Double? {
        mapping[key].flatMap { number($0, at: mapping.path(key)) }
    }

    /// Reads the number under `key`, if present, in `range`.
    public mutating func number(
        _ mapping: Mapping, _ key: String, in range: ClosedRange<Double>, what: String? = nil
    ) -> Double? {
        mapping[key].flatMap { number($0, at: mapping.path(key), in: range, what: what) }
    }

    /// Reads the whole number under `key`, if present, in `range`.
    public mutating func integer(_ mapping: Mapping, _ key: String, in range: ClosedRange<Int>) -> Int? {
        mapping[key].flatMap { integer($0, at: mapping.path(key), in: range) }
    }

    /// Reads the boolean under `key`, if present.
    public mutating func bool(_ mapping: Mapping, _ key: String) -> Bool? {
        mapping[key].flatMap { bool($0, at: mapping.path(key)) }
    }

    /// Reads the word under `key`, if present.
    public mutating func oneOf<Value: RawRepresentable & CaseIterable>(
        _ mapping: Mapping, _ key: String, as type: Value.Type = Value.self
    ) -> Value? where Value.RawValue == String {
        mapping[key].flatMap { oneOf($0, at: mapping.path(key), as: type) }
    }

    /// Reads the list of strings under `key`, if present.
    public mutating func stringList(_ mapping: Mapping, _ key: String) -> [(text: String, node: SourceNode)]? {
        mapping[key].flatMap { stringList($0, at: mapping.path(key)) }
    }

    // MARK: Helpers

    private func literal(of node: SourceNode) -> String {
        if case .number(let number) = node.value { return number.literal }
        return node.kindDescription
    }

    private func format(_ value: Double) -> String {
        if let integer = SourceNode.Number(value: value, literal: "").exactInteger { return "\(integer)" }
        return "\(value)"
    }
}

/// A mapping read by ``DocumentReader/mapping(_:at:required:optional:)``: its members by key,
/// and its path for the paths of its fields.
public struct Mapping: Sendable {
    /// The mapping's node.
    public let node: SourceNode
    /// The mapping's path.
    public let path: FieldPath
    /// The members, in document order.
    public let members: [SourceNode.Member]

    /// The value under `key`, if present.
    public subscript(key: String) -> SourceNode? {
        members.first { $0.key == key }?.value
    }

    /// Whether `key` is present.
    public func contains(_ key: String) -> Bool {
        members.contains { $0.key == key }
    }

    /// The path of the field `key`.
    public func path(_ key: String) -> FieldPath {
        path.appending(key)
    }
}
