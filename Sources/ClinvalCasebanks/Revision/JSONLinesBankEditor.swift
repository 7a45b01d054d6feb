import ClinvalCore

/// Edits a JSON Lines bank in place (``CasebankRevision``): the header line's `version` and the
/// changed gold fields of each corrected vignette's line, keys in their order; every other line
/// is byte-identical.
///
/// A value is replaced where it stands; a missing `also_correct` is inserted after `diagnosis`.
/// New values are spaced like the line they go into: `"a", "b"` after `": "`, `"a","b"` after
/// `":"`.
struct JSONLinesBankEditor {
    private let text: SourceText
    private let file: String
    private var edits: [TextEdit] = []

    /// Prepares to edit `bytes` (a bank that already loaded without error).
    init(bytes: [UInt8], file: String) {
        text = SourceText(bytes, yamlBreaks: false)
        self.file = file
    }

    /// The edited bytes.
    func result() throws(CasebankRevisionError) -> [UInt8] {
        guard let bytes = TextEdit.apply(edits, to: text.bytes) else {
            throw .problem(.unsupportedLayout, "two of the values to change overlap", at: InputLocation(file: file))
        }
        return bytes
    }

    /// Replaces the header's `version` with `version`.
    mutating func setVersion(_ version: String) throws(CasebankRevisionError) {
        guard
            let line = (1...text.lineCount).first(where: { line in
                text.bytes[text.start(ofLine: line)..<text.contentEnd(ofLine: line)].contains { !Self.isJSONBlank($0) }
            })
        else { throw .problem(.invalidBank, "the bank has no header", at: InputLocation(file: file)) }
        let members = try object(onLine: line)
        guard let member = members.first(where: { $0.key == "version" }) else {
            throw .problem(.invalidBank, "the bank has no version", at: InputLocation(file: file, line: line))
        }
        try replace(member, with: JSONText.quoted(version), field: FieldPath.root.appending("version"))
    }

    /// Rewrites the changed fields of `vignette`'s `gold` object to `label`.
    mutating func correct(_ vignette: Vignette, to label: GoldLabel) throws(CasebankRevisionError) {
        let path = vignette.fieldPath.appending("gold")
        guard let gold = try object(onLine: vignette.line).first(where: { $0.key == "gold" }),
            case .object(let fields) = gold.value.value
        else {
            throw .problem(.invalidBank, "cannot find the gold labels", at: InputLocation(file: file, line: vignette.line), field: path)
        }
        let spaced = fields.first.map { isSpaced($0) } ?? true
        let list = { (codes: [String]) in
            "[" + codes.map(JSONText.quoted).joined(separator: spaced ? ", " : ",") + "]"
        }
        let field = { (key: String) in fields.first { $0.key == key } }
        if label.diagnosis != vignette.gold.diagnosis, let member = field("diagnosis") {
            try replace(member, with: JSONText.quoted(label.diagnosis), field: path.appending("diagnosis"))
        }
        if label.alsoCorrect != vignette.gold.alsoCorrect {
            if let member = field("also_correct") {
                try replace(member, with: list(label.alsoCorrect), field: path.appending("also_correct"))
            } else if let diagnosis = field("diagnosis") {
                let end = try valueRange(of: diagnosis, field: path.appending("diagnosis")).upperBound
                let entry = (spaced ? ", " : ",") + JSONText.quoted("also_correct") + (spaced ? ": " : ":")
                edits.append(TextEdit(end..<end, entry + list(label.alsoCorrect)))
            }
        }
        if label.triage != vignette.gold.triage, let member = field("triage") {
            let triage = label.triage
            let value =
                triage.isSingleLevel
                ? JSONText.quoted(triage.lower.rawValue) : list([triage.lower.rawValue, triage.upper.rawValue])
            try replace(member, with: value, field: path.appending("triage"))
        }
    }

    // MARK: Values

    /// The members of the object on 1-based `line`.
    private func object(onLine line: Int) throws(CasebankRevisionError) -> [SourceNode.Member] {
        let range = text.start(ofLine: line)..<text.contentEnd(ofLine: line)
        let node: SourceNode
        do {
            node = try JSONDocumentParser.parse(text.bytes, range: range, firstLine: line)
        } catch {
            throw CasebankRevisionError(.invalidBank, DiagnosticList([error.diagnostic(file: file)]))
        }
        guard case .object(let members) = node.value else {
            throw .problem(.invalidBank, "expected an object", at: InputLocation(file: file, line: line))
        }
        return members
    }

    private mutating func replace(
        _ member: SourceNode.Member, with replacement: String, field: FieldPath
    ) throws(CasebankRevisionError) {
        edits.append(TextEdit(try valueRange(of: member, field: field), replacement))
    }

    /// The bytes of a member's value: a string or an array (what gold fields and the version are
    /// in a bank that loads).
    private func valueRange(of member: SourceNode.Member, field: FieldPath) throws(CasebankRevisionError) -> Range<Int> {
        let start = text.offset(of: member.value)
        let end: Int? =
            switch text.bytes[start] {
            case UInt8(ascii: "\""): text.endOfDoubleQuoted(from: start)
            case UInt8(ascii: "["): text.endOfFlow(from: start, yamlComments: false)
            default: nil
            }
        guard let end else {
            throw .problem(
                .invalidBank, "expected a string or a list",
                at: InputLocation(file: file, line: member.value.line, column: member.value.column), field: field)
        }
        return start..<end
    }

    /// Whether a member is written `"key": value` rather than `"key":value`.
    private func isSpaced(_ member: SourceNode.Member) -> Bool {
        let keyStart = text.offset(of: member)
        let valueStart = text.offset(of: member.value)
        guard let keyEnd = text.endOfDoubleQuoted(from: keyStart), keyEnd <= valueStart else { return true }
        return text.bytes[keyEnd..<valueStart].contains(0x20)
    }

    private static func isJSONBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }
}
