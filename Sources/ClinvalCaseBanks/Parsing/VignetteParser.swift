import ClinvalCore

/// Reads and checks the vignettes of one bank, one at a time, remembering their ids so that a
/// repeated id is reported with the line of its first use.
///
/// Syntax of the values (CONTRACT §4):
/// - ids and codes: `[A-Za-z0-9._-]+`;
/// - tags: lowercase slugs, `[a-z0-9][a-z0-9-]*` (like bank ids), so that a tag written two ways
///   (`Cardiac`, `cardiac`) cannot split a group of results.
///
/// Repeats inside one list (`present`, `absent`, `also_correct`, `differential`, `tags`) are
/// warnings and the repeat is dropped; a code both in `present` and `absent` is an error.
struct VignetteParser {
    /// The fields every vignette must have.
    static let requiredFields = ["id", "age", "sex", "present", "gold"]
    /// The fields a vignette may have.
    static let optionalFields = ["summary", "absent", "must_pass", "tags"]

    /// The start of the warning for a vignette without a summary.
    static let missingSummaryMessage = "no summary;"
    /// The fields every gold label must have.
    static let requiredGoldFields = ["diagnosis", "triage"]
    /// The fields a gold label may have.
    static let optionalGoldFields = ["also_correct", "differential"]
    /// The accepted ages, in whole years.
    static let ages = 0...120

    /// The line where each id was first used.
    private var firstLines: [String: Int] = [:]

    /// Reads the vignette at position `index` of the bank.
    ///
    /// - Returns: the vignette, or `nil` if it has an error (each one recorded in `reader`).
    mutating func parse(_ node: SourceNode, index: Int, reader: inout DocumentReader) -> Vignette? {
        let path = FieldPath.root.appending("vignettes").appending(index)
        let errorsBefore = reader.diagnostics.errorCount
        guard
            let mapping = reader.mapping(
                node, at: path, required: Self.requiredFields, optional: Self.optionalFields)
        else { return nil }

        let id = mapping["id"].flatMap { self.id($0, at: mapping.path("id"), reader: &reader) }
        let summary = self.summary(mapping, reader: &reader)
        let age = reader.integer(mapping, "age", in: Self.ages)
        let sex = mapping["sex"].flatMap { Self.sex($0, at: mapping.path("sex"), reader: &reader) }
        let present = mapping["present"].flatMap {
            Self.list($0, at: mapping.path("present"), of: .code, reader: &reader)
        }
        var absent = mapping["absent"].flatMap {
            Self.list($0, at: mapping.path("absent"), of: .code, reader: &reader)
        }
        if let present, let listed = absent {
            let presentCodes = Set(present.map(\.text))
            for entry in listed where presentCodes.contains(entry.text) {
                reader.error(
                    "code \(quoted(entry.text)) is also in present; a finding cannot be both present and absent",
                    at: entry.node, field: entry.path)
            }
            absent = listed
        }
        let gold = mapping["gold"].flatMap { Self.gold($0, at: mapping.path("gold"), reader: &reader) }
        let mustPass = reader.bool(mapping, "must_pass")
        let tags = mapping["tags"].flatMap { Self.list($0, at: mapping.path("tags"), of: .tag, reader: &reader) }

        guard reader.diagnostics.errorCount == errorsBefore, let id, let age, let sex, let present, let gold else {
            return nil
        }
        return Vignette(
            id: id, summary: summary, age: age, sex: sex, present: present.map(\.text),
            absent: absent?.map(\.text) ?? [], gold: gold, mustPass: mustPass ?? false,
            tags: tags?.map(\.text) ?? [], index: index, line: node.line)
    }

    // MARK: Fields

    /// Reads an id, checking its syntax and that no earlier vignette used it.
    private mutating func id(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> String? {
        guard let text = reader.string(node, at: path) else { return nil }
        guard Identifiers.isCode(text) else {
            reader.error(
                "expected an id of letters, digits, '.', '_' and '-', found \(quoted(text))", at: node, field: path)
            return nil
        }
        if let first = firstLines[text] {
            reader.error("duplicate vignette id \(quoted(text)) (first at line \(first))", at: node, field: path)
            return nil
        }
        firstLines[text] = node.line
        return text
    }

    /// Reads the optional summary, warning when it is missing or blank.
    private func summary(_ mapping: Mapping, reader: inout DocumentReader) -> String? {
        guard let node = mapping["summary"] else {
            reader.diagnostics.warning(
                "no summary; clinicians reading the report will see only the id",
                at: reader.location(of: mapping.node), field: mapping.path("summary"))
            return nil
        }
        guard let text = reader.string(node, at: mapping.path("summary")) else { return nil }
        if text.allSatisfy(\.isWhitespace) {
            reader.warning(
                "empty summary; clinicians reading the report will see only the id", at: node,
                field: mapping.path("summary"))
            return nil
        }
        return text
    }

    /// Reads `male` or `female`.
    private static func sex(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> Sex? {
        let names = "male, female"
        guard case .string(let text) = node.value else {
            reader.error("expected one of \(names), found \(node.kindDescription)", at: node, field: path)
            return nil
        }
        guard let sex = Sex(rawValue: text) else {
            reader.error("expected one of \(names), found \(quoted(text))", at: node, field: path)
            return nil
        }
        return sex
    }

    /// Reads the `gold` mapping.
    private static func gold(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> GoldLabel? {
        guard
            let mapping = reader.mapping(
                node, at: path, required: requiredGoldFields, optional: optionalGoldFields)
        else { return nil }
        let diagnosis = mapping["diagnosis"].flatMap { code($0, at: mapping.path("diagnosis"), reader: &reader) }
        let alsoCorrect = mapping["also_correct"].flatMap {
            list($0, at: mapping.path("also_correct"), of: .code, reader: &reader)
        }
        var differential: [ListEntry]?
        if let node = mapping["differential"],
            let entries = list(node, at: mapping.path("differential"), of: .code, reader: &reader)
        {
            if case .array(let elements) = node.value, elements.isEmpty {
                reader.error(
                    "must not be empty when given; list at least one condition code or leave the field out",
                    at: node, field: mapping.path("differential"))
            }
            differential = entries
        }
        let triage = mapping["triage"].flatMap { self.triage($0, at: mapping.path("triage"), reader: &reader) }
        guard let diagnosis, let triage else { return nil }
        return GoldLabel(
            diagnosis: diagnosis, alsoCorrect: alsoCorrect?.map(\.text) ?? [],
            differential: differential?.map(\.text), triage: triage)
    }

    /// Reads a triage level, or a range `[lo, hi]` of two levels with lo no more urgent than hi.
    static func triage(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> TriageRange? {
        switch node.value {
        case .string:
            return level(node, at: path, reader: &reader).map(TriageRange.init)
        case .array(let elements):
            guard elements.count == 2, let first = elements.first, let last = elements.last else {
                reader.error(
                    "expected a range of two levels [lo, hi], found a list of \(elements.count)", at: node, field: path)
                return nil
            }
            let lower = level(first, at: path.appending(0), reader: &reader)
            let upper = level(last, at: path.appending(1), reader: &reader)
            guard let lower, let upper else { return nil }
            guard let range = TriageRange(lower: lower, upper: upper) else {
                let fix = "[\(upper.rawValue), \(lower.rawValue)]"
                reader.error(
                    "inverted range: \(quoted(lower.rawValue)) is more urgent than \(quoted(upper.rawValue)); "
                        + "write the less urgent level first, \(fix)",
                    at: node, field: path)
                return nil
            }
            return range
        default:
            reader.error(
                "expected a triage level (\(levelNames)) or a range [lo, hi] of two levels, found \(node.kindDescription)",
                at: node, field: path)
            return nil
        }
    }

    /// The triage levels, most urgent first, as messages list them.
    static let levelNames = TriageLevel.mostUrgentFirst.map(\.rawValue).joined(separator: ", ")

    /// Reads one triage level.
    private static func level(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> TriageLevel? {
        guard case .string(let text) = node.value else {
            reader.error("expected one of \(levelNames), found \(node.kindDescription)", at: node, field: path)
            return nil
        }
        guard let level = TriageLevel(rawValue: text) else {
            reader.error("expected one of \(levelNames), found \(quoted(text))", at: node, field: path)
            return nil
        }
        return level
    }

    // MARK: Codes and lists

    /// The two syntaxes of list elements.
    enum ElementKind {
        /// A finding or condition code, `[A-Za-z0-9._-]+`.
        case code
        /// A tag, `[a-z0-9][a-z0-9-]*`.
        case tag

        var noun: String {
            switch self {
            case .code: "code"
            case .tag: "tag"
            }
        }

        func accepts(_ text: String) -> Bool {
            switch self {
            case .code: Identifiers.isCode(text)
            case .tag: Identifiers.isSlug(text)
            }
        }

        func syntaxMessage(_ text: String) -> String {
            switch self {
            case .code:
                "expected a code of letters, digits, '.', '_' and '-', found \(quoted(text))"
            case .tag:
                "expected a tag of lowercase letters, digits and '-', starting with a letter or digit, found \(quoted(text))"
            }
        }
    }

    /// One accepted element of a list, with where it stands.
    struct ListEntry {
        var text: String
        var node: SourceNode
        var path: FieldPath
    }

    /// Reads one code.
    private static func code(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> String? {
        guard let text = reader.string(node, at: path) else { return nil }
        guard ElementKind.code.accepts(text) else {
            reader.error(ElementKind.code.syntaxMessage(text), at: node, field: path)
            return nil
        }
        return text
    }

    /// Reads a list of codes or tags: elements that are not text or not in the syntax are errors,
    /// repeats are warnings and dropped.
    ///
    /// - Returns: the distinct valid elements in order, or `nil` if the node is not a list.
    private static func list(
        _ node: SourceNode, at path: FieldPath, of kind: ElementKind, reader: inout DocumentReader
    ) -> [ListEntry]? {
        guard let elements = reader.array(node, at: path) else { return nil }
        var entries: [ListEntry] = []
        var seen: Set<String> = []
        for (offset, element) in elements.enumerated() {
            let elementPath = path.appending(offset)
            guard let text = reader.string(element, at: elementPath) else { continue }
            guard kind.accepts(text) else {
                reader.error(kind.syntaxMessage(text), at: element, field: elementPath)
                continue
            }
            guard seen.insert(text).inserted else {
                reader.warning("\(kind.noun) \(quoted(text)) is listed twice; the repeat is ignored", at: element, field: elementPath)
                continue
            }
            entries.append(ListEntry(text: text, node: element, path: elementPath))
        }
        return entries
    }
}
