import ClinvalCore

/// Reads and checks one vignette of a bank.
///
/// The parser holds no state, so the vignettes of a bank can be checked on several threads at
/// once. The one check that needs the whole bank, that no id is used twice, is left to
/// ``VignetteIDRegistry``, which sees the checked vignettes in bank order.
///
/// Syntax of the values (docs/casebank-format.md):
/// - ids, codes and tags: `[A-Za-z0-9._-]+` (a tag is like a vignette id: `self_care`,
///   `COVID-19`, `red_flag`).
///
/// None of these, nor `sex` or a triage level, may hold an invisible format character (an error
/// with its code point, ``DocumentReader/identifier(_:at:accepting:)``); the summary may.
///
/// Repeats inside one list (`present`, `absent`, `also_correct`, `differential`, `tags`) are
/// warnings and the repeat is dropped; a code both in `present` and `absent` is an error.
enum VignetteParser {
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
    /// Lists up to this long are checked for repeats by a scan rather than a hash set.
    static let scanLimit = 24

    /// Reads the vignette at position `index` of the bank.
    ///
    /// - Returns: the vignette, or `nil` if it has an error (each one recorded in `reader`), and
    ///   the id with where it stands, if the id is well formed, for the check of repeats.
    static func parse(_ node: SourceNode, index: Int, reader: inout DocumentReader) -> (Vignette?, VignetteIDUse?) {
        let path = FieldPath.root.appending("vignettes").appending(index)
        let errorsBefore = reader.diagnostics.errorCount
        guard
            let mapping = reader.mapping(
                node, at: path, required: Self.requiredFields, optional: Self.optionalFields)
        else { return (nil, nil) }

        var idUse: VignetteIDUse?
        if let idNode = mapping["id"], let text = id(idNode, at: mapping.path("id"), reader: &reader) {
            idUse = VignetteIDUse(
                text: text, location: reader.location(of: idNode), field: mapping.path("id"),
                diagnosticPosition: reader.diagnostics.all.count)
        }
        let summary = self.summary(mapping, reader: &reader)
        let age = reader.integer(mapping, "age", in: Self.ages)
        let sex = mapping["sex"].flatMap { Self.sex($0, at: mapping.path("sex"), reader: &reader) }
        let present = mapping["present"].flatMap {
            Self.list($0, at: mapping.path("present"), of: .code, reader: &reader)
        }
        var absent: [ListEntry]?
        if let absentNode = mapping["absent"] {
            let absentPath = mapping.path("absent")
            absent = Self.list(absentNode, at: absentPath, of: .code, reader: &reader)
            if let present, let listed = absent {
                let presentSet = present.count > scanLimit ? Set(present.map(\.text)) : nil
                for entry in listed {
                    let clash =
                        presentSet?.contains(entry.text) ?? present.contains { $0.text == entry.text }
                    guard clash else { continue }
                    reader.error(
                        "code \(quoted(entry.text)) is also in present; a finding cannot be both present and absent",
                        at: entry.node, field: absentPath.appending(entry.offset))
                }
            }
        }
        let gold = mapping["gold"].flatMap { Self.gold($0, at: mapping.path("gold"), reader: &reader) }
        let mustPass = reader.bool(mapping, "must_pass")
        let tags = mapping["tags"].flatMap { Self.list($0, at: mapping.path("tags"), of: .tag, reader: &reader) }

        guard reader.diagnostics.errorCount == errorsBefore, idUse != nil, let age, let sex, let present, let gold
        else {
            return (nil, idUse)
        }
        let vignette = Vignette(
            id: idUse?.text ?? "", summary: summary, age: age, sex: sex, present: present.map(\.text),
            absent: absent?.map(\.text) ?? [], gold: gold, mustPass: mustPass ?? false,
            tags: tags?.map(\.text) ?? [], index: index, line: node.line)
        return (vignette, idUse)
    }

    // MARK: Fields

    /// Reads an id, checking its syntax (repeats are checked by ``VignetteIDRegistry``).
    private static func id(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> String? {
        guard let text = reader.identifier(node, at: path, accepting: Identifiers.isCode) else { return nil }
        guard Identifiers.isCode(text) else {
            reader.error(
                "expected an id of letters, digits, '.', '_' and '-', found \(quoted(text))", at: node, field: path)
            return nil
        }
        return text
    }

    /// Reads the optional summary, warning when it is missing or blank.
    private static func summary(_ mapping: Mapping, reader: inout DocumentReader) -> String? {
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
        guard reader.admitsIdentifier(text, of: node, at: path, accepting: { Sex(rawValue: $0) != nil }) else {
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
        guard reader.admitsIdentifier(text, of: node, at: path, accepting: { TriageLevel(rawValue: $0) != nil }) else {
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
        /// A tag, `[A-Za-z0-9._-]+`, like a vignette id.
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
            case .tag: Identifiers.isCode(text)
            }
        }

        func syntaxMessage(_ text: String) -> String {
            switch self {
            case .code:
                "expected a code of letters, digits, '.', '_' and '-', found \(quoted(text))"
            case .tag:
                "expected a tag of letters, digits, '.', '_' and '-', found \(quoted(text))"
            }
        }
    }

    /// One accepted element of a list, with where it stands.
    struct ListEntry {
        var text: String
        var node: SourceNode
        /// The element's position in the list, for its field path.
        var offset: Int
    }

    /// Reads one code.
    private static func code(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> String? {
        guard let text = reader.identifier(node, at: path, accepting: ElementKind.code.accepts) else { return nil }
        guard ElementKind.code.accepts(text) else {
            reader.error(ElementKind.code.syntaxMessage(text), at: node, field: path)
            return nil
        }
        return text
    }

    /// Reads a list of codes or tags: elements that are not text or not in the syntax are errors,
    /// repeats are warnings and dropped.
    ///
    /// Every vignette has several of these lists, so the path of an element is only built when
    /// there is something to report, and short lists find repeats by a scan.
    ///
    /// - Returns: the distinct valid elements in order, or `nil` if the node is not a list.
    private static func list(
        _ node: SourceNode, at path: FieldPath, of kind: ElementKind, reader: inout DocumentReader
    ) -> [ListEntry]? {
        guard let elements = reader.array(node, at: path) else { return nil }
        var entries: [ListEntry] = []
        entries.reserveCapacity(elements.count)
        var seen: Set<String>? = elements.count > scanLimit ? Set(minimumCapacity: elements.count) : nil
        for (offset, element) in elements.enumerated() {
            guard case .string(let text) = element.value else {
                _ = reader.string(element, at: path.appending(offset))
                continue
            }
            guard reader.admitsIdentifier(text, of: element, at: path.appending(offset), accepting: kind.accepts) else {
                continue
            }
            guard kind.accepts(text) else {
                reader.error(kind.syntaxMessage(text), at: element, field: path.appending(offset))
                continue
            }
            let repeated: Bool
            if seen != nil {
                repeated = !seen!.insert(text).inserted
            } else {
                repeated = entries.contains { $0.text == text }
            }
            if repeated {
                reader.warning(
                    "\(kind.noun) \(quoted(text)) is listed twice; the repeat is ignored", at: element,
                    field: path.appending(offset))
                continue
            }
            entries.append(ListEntry(text: text, node: element, offset: offset))
        }
        return entries
    }
}

/// Where a vignette's id stands, so that ``VignetteIDRegistry`` can report a repeat at the id.
struct VignetteIDUse: Sendable {
    /// The id.
    var text: String
    /// Where the id's value stands.
    var location: InputLocation
    /// The id's field path, `vignettes[3].id`.
    var field: FieldPath
    /// How many diagnostics the vignette had when its id was read: a repeat is reported there, so
    /// the messages come in the order of the fields.
    var diagnosticPosition: Int
}

/// The ids of a bank's vignettes seen so far, with the line where each was first used.
///
/// It sees the vignettes in bank order, after ``VignetteParser`` checked them (possibly on other
/// threads), and reports the second and later uses of an id.
struct VignetteIDRegistry {
    private var firstLines: [String: Int] = [:]

    /// Records an id, or reports it as a repeat.
    ///
    /// - Parameters:
    ///   - use: the id of the vignette, if it was well formed.
    ///   - diagnostics: the vignette's diagnostics; a repeat is inserted where the id was read.
    /// - Returns: whether the vignette may be kept (its id is not a repeat).
    mutating func admit(_ use: VignetteIDUse?, diagnostics: inout [Diagnostic]) -> Bool {
        guard let use else { return true }
        if let first = firstLines[use.text] {
            diagnostics.insert(
                .error("duplicate vignette id \(quoted(use.text)) (first at line \(first))", at: use.location, field: use.field),
                at: min(use.diagnosticPosition, diagnostics.count))
            return false
        }
        firstLines[use.text] = use.location.line ?? 0
        return true
    }
}
