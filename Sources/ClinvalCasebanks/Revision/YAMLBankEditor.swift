import ClinvalCore

/// Edits a YAML bank in place (``CasebankRevision``): the `version:` value and the changed fields
/// of corrected vignettes' `gold` mappings, every other byte kept.
///
/// The positions come from the parsed document (``SourceNode``); where a value ends is found in
/// the text: a quoted scalar at its closing quote, a flow list at its closing bracket, a plain
/// code at the end of its characters, a block list at its last entry's line.
struct YAMLBankEditor {
    private let text: SourceText
    private let file: String
    private let root: [SourceNode.Member]
    private var edits: [TextEdit] = []

    /// Parses the bank (which already loaded without error).
    init(bytes: [UInt8], file: String) throws(CasebankRevisionError) {
        text = SourceText(bytes, yamlBreaks: true)
        self.file = file
        let node: SourceNode
        do {
            node = try SourceFile.make(path: file, bytes: bytes, limits: .casebank).parseYAML(limits: .casebank)
        } catch {
            throw CasebankRevisionError(.invalidBank, DiagnosticList([error.diagnostic(file: file)]))
        }
        guard case .object(let members) = node.value else {
            throw .problem(.invalidBank, "expected a bank mapping", at: InputLocation(file: file, line: 1, column: 1))
        }
        root = members
    }

    /// The edited bytes.
    func result() throws(CasebankRevisionError) -> [UInt8] {
        guard let bytes = TextEdit.apply(edits, to: text.bytes) else {
            throw .problem(
                .unsupportedLayout, "two of the values to change overlap in the file (an anchor shared by vignettes?)",
                at: InputLocation(file: file))
        }
        return bytes
    }

    /// Replaces the `version:` value with `version`, double-quoted.
    mutating func setVersion(_ version: String) throws(CasebankRevisionError) {
        guard let member = root.first(where: { $0.key == "version" }) else {
            throw .problem(.invalidBank, "the bank has no version", at: InputLocation(file: file))
        }
        let start = text.offset(of: member.value)
        let field = FieldPath.root.appending("version")
        let end: Int?
        switch text.bytes[start] {
        case UInt8(ascii: "\""): end = text.endOfDoubleQuoted(from: start)
        case UInt8(ascii: "'"): end = text.endOfSingleQuoted(from: start)
        default: end = plainEnd(from: start, matching: member.value)
        }
        guard let end else { throw unsupported("the version", at: member.value, field: field) }
        edits.append(TextEdit(start..<end, BankValueText.yamlQuoted(version)))
    }

    /// Rewrites the changed fields of `vignette`'s `gold` mapping to `label`.
    mutating func correct(_ vignette: Vignette, to label: GoldLabel) throws(CasebankRevisionError) {
        let path = vignette.fieldPath.appending("gold")
        guard case .array(let nodes)? = root.first(where: { $0.key == "vignettes" })?.value.value,
            vignette.index < nodes.count, case .object(let members) = nodes[vignette.index].value,
            let gold = members.first(where: { $0.key == "gold" }), case .object(let fields) = gold.value.value
        else {
            throw .problem(.invalidBank, "cannot find the gold labels", at: InputLocation(file: file, line: vignette.line), field: path)
        }
        // The vignette's own lines: a value elsewhere is an alias of another vignette's.
        let nextLine = vignette.index + 1 < nodes.count ? nodes[vignette.index + 1].line : Int.max
        let own = vignette.line..<nextLine
        for field in [gold] + fields where !own.contains(field.line) || !own.contains(field.value.line) {
            throw unsupported("the gold labels (shared through an alias)", at: field.value, field: path)
        }
        // An anchored gold mapping may be shared: its edit would change the vignettes aliasing it.
        let goldStart = text.offset(of: gold.value)
        if hasAnchorOrTag(from: text.offset(of: gold), through: goldStart) {
            throw unsupported("the gold labels (anchored or tagged)", at: gold.value, field: path)
        }
        let flow = text.bytes[goldStart] == UInt8(ascii: "{")
        let field = { (key: String) in fields.first { $0.key == key } }
        if label.diagnosis != vignette.gold.diagnosis, let member = field("diagnosis") {
            try replace(member, with: BankValueText.yaml(label.diagnosis), flow: flow, path: path)
        }
        if label.alsoCorrect != vignette.gold.alsoCorrect {
            let list = BankValueText.yamlList(label.alsoCorrect)
            if let member = field("also_correct") {
                try replace(member, with: list, flow: flow, path: path)
            } else if let diagnosis = field("diagnosis") {
                try insertAlsoCorrect(list, after: diagnosis, flow: flow, path: path)
            }
        }
        if label.triage != vignette.gold.triage, let member = field("triage") {
            try replace(member, with: BankValueText.yaml(label.triage), flow: flow, path: path)
        }
    }

    // MARK: Values

    /// Replaces the value of `member` with `replacement`.
    private mutating func replace(
        _ member: SourceNode.Member, with replacement: String, flow: Bool, path: FieldPath
    ) throws(CasebankRevisionError) {
        let field = path.appending(member.key)
        let start = text.offset(of: member.value)
        let first = text.bytes[start]
        if case .array(let elements) = member.value.value, first == UInt8(ascii: "-"), !flow {
            try replaceBlockList(member, elements: elements, with: replacement, field: field)
            return
        }
        guard let end = valueEnd(from: start, of: member.value) else {
            throw unsupported("the value", at: member.value, field: field)
        }
        edits.append(TextEdit(start..<end, replacement))
    }

    /// Where a value written on one or more lines ends: a quoted scalar, a flow list or a plain code.
    private func valueEnd(from start: Int, of node: SourceNode) -> Int? {
        switch text.bytes[start] {
        case UInt8(ascii: "\""): return text.endOfDoubleQuoted(from: start)
        case UInt8(ascii: "'"): return text.endOfSingleQuoted(from: start)
        case UInt8(ascii: "["):
            guard case .array = node.value else { return nil }
            return text.endOfFlow(from: start, yamlComments: true)
        default:
            guard case .string(let value) = node.value else { return nil }
            let end = text.endOfCode(from: start)
            return end > start && text.text(start..<end) == value ? end : nil
        }
    }

    /// The end of a plain scalar on one line (before a ` #` comment and trailing blanks), if the
    /// text there is `node`'s whole value.
    private func plainEnd(from start: Int, matching node: SourceNode) -> Int? {
        guard case .string(let value) = node.value else { return nil }
        let line = text.line(of: start)
        var end = text.contentEnd(ofLine: line)
        var index = start
        while index < end {
            if text.bytes[index] == UInt8(ascii: "#") && index > start && SourceText.isBlank(text.bytes[index - 1]) {
                end = index
                break
            }
            index += 1
        }
        while end > start && SourceText.isBlank(text.bytes[end - 1]) { end -= 1 }
        return end > start && text.text(start..<end) == value ? end : nil
    }

    /// Replaces a block list under its key by a flow list on the key's line, keeping a comment
    /// written after the key.
    private mutating func replaceBlockList(
        _ member: SourceNode.Member, elements: [SourceNode], with replacement: String, field: FieldPath
    ) throws(CasebankRevisionError) {
        guard let last = elements.last, last.line > member.line,
            let colon = colon(after: member), text.line(of: colon) == member.line
        else { throw unsupported("the list", at: member.value, field: field) }
        let lastStart = text.offset(of: last)
        guard let lastEnd = valueEnd(from: lastStart, of: last), text.line(of: lastEnd) == last.line else {
            throw unsupported("the list", at: last, field: field)
        }
        let rest = colon + 1..<text.contentEnd(ofLine: member.line)
        var kept = ""
        if let hash = rest.first(where: { text.bytes[$0] == UInt8(ascii: "#") }) {
            var blankStart = hash
            while blankStart > rest.lowerBound && SourceText.isBlank(text.bytes[blankStart - 1]) { blankStart -= 1 }
            kept = (blankStart == hash ? " " : text.text(blankStart..<hash)) + text.text(hash..<rest.upperBound)
        }
        edits.append(TextEdit(colon + 1..<text.contentEnd(ofLine: last.line), " " + replacement + kept))
    }

    /// Adds `also_correct: list` after the diagnosis: a new line at its indentation (block), or
    /// the next entry of the mapping (flow).
    private mutating func insertAlsoCorrect(
        _ list: String, after diagnosis: SourceNode.Member, flow: Bool, path: FieldPath
    ) throws(CasebankRevisionError) {
        let start = text.offset(of: diagnosis.value)
        guard let end = valueEnd(from: start, of: diagnosis.value) else {
            throw unsupported("the diagnosis", at: diagnosis.value, field: path.appending("diagnosis"))
        }
        if flow {
            edits.append(TextEdit(end..<end, ", also_correct: " + list))
            return
        }
        let keyStart = text.offset(of: diagnosis)
        let lineStart = text.start(ofLine: diagnosis.line)
        guard text.bytes[lineStart..<keyStart].allSatisfy({ $0 == 0x20 }) else {
            throw unsupported("the gold labels", at: diagnosis.value, field: path)
        }
        let indent = text.text(lineStart..<keyStart)
        let line = text.line(of: end)
        let lineBreak = text.lineBreak(ofLine: line)
        if lineBreak.isEmpty {
            let at = text.contentEnd(ofLine: line)
            edits.append(TextEdit(at..<at, "\n" + indent + "also_correct: " + list))
        } else {
            let at = text.start(ofLine: line + 1)
            edits.append(TextEdit(at..<at, indent + "also_correct: " + list + lineBreak))
        }
    }

    /// Whether an anchor (`&`) or a tag (`!`) stands between `start` and `end` (included),
    /// comments aside: the key of a mapping and where its value starts.
    private func hasAnchorOrTag(from start: Int, through end: Int) -> Bool {
        var index = start
        while index <= end && index < text.bytes.count {
            let byte = text.bytes[index]
            if byte == UInt8(ascii: "#") && index > start && SourceText.isBlank(text.bytes[index - 1]) {
                index = text.contentEnd(ofLine: text.line(of: index))
                continue
            }
            if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "!") { return true }
            index += 1
        }
        return false
    }

    /// The offset of the `:` after a member's key (plain or quoted).
    private func colon(after member: SourceNode.Member) -> Int? {
        var index = text.offset(of: member)
        switch text.bytes[index] {
        case UInt8(ascii: "\""): index = text.endOfDoubleQuoted(from: index) ?? text.bytes.count
        case UInt8(ascii: "'"): index = text.endOfSingleQuoted(from: index) ?? text.bytes.count
        default: index += member.key.utf8.count
        }
        while index < text.bytes.count && SourceText.isBlank(text.bytes[index]) { index += 1 }
        return index < text.bytes.count && text.bytes[index] == UInt8(ascii: ":") ? index : nil
    }

    private func unsupported(_ what: String, at node: SourceNode, field: FieldPath) -> CasebankRevisionError {
        .problem(
            .unsupportedLayout,
            "\(what) is written in a way this command does not rewrite (an anchor, alias, tag or block scalar); write it as a plain or quoted value or a list, then apply again",
            at: InputLocation(file: file, line: node.line, column: node.column), field: field)
    }
}
