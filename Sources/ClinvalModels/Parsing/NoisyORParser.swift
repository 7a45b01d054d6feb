import ClinvalCore

/// Reads and checks a noisy-OR network file (docs/model-format.md), reporting every problem.
///
/// Checks, besides types and unknown keys: `format` and `format_version`; slugs and codes; unique
/// finding and condition ids (a repeat names the line of the first); probabilities in [0, 1]
/// (a leak below 1, a prior above 0); non-negative finite factors; age bands of whole years 0–120
/// that do not overlap; links and red flags only to declared findings (with a suggestion);
/// thresholds only for emergency, urgent and routine, above 0.
///
/// Ids, codes, levels, slugs and `format` must not hold an invisible format character (an error
/// naming it); labels and descriptions may.
///
/// Warnings: a condition with no links, a finding that no condition links, a threshold above 1,
/// no thresholds at all, a finding listed twice in one red flag.
public enum NoisyORParser {
    /// The value of the `format` field.
    public static let format = "clinval-noisy-or"
    /// The highest `format_version` this build reads.
    public static let highestSupportedVersion = 1

    /// Parses a file read with ``DocumentLimits/model``.
    ///
    /// - Returns: the model, or `nil` if any error was added to `diagnostics`.
    public static func parse(_ source: SourceFile, diagnostics: inout DiagnosticList) -> NoisyORModel? {
        parse(bytes: source.bytes, file: source.path, diagnostics: &diagnostics)
    }

    /// Parses a network from its bytes; `file` names it in diagnostics and in the model.
    ///
    /// - Returns: the model, or `nil` if any error was added to `diagnostics`.
    public static func parse(bytes: [UInt8], file: String, diagnostics: inout DiagnosticList) -> NoisyORModel? {
        let limits = DocumentLimits.model
        let root: SourceNode
        do {
            try TextInput.check(bytes, limits: limits)
            root = try JSONDocumentParser.parse(bytes, maxDepth: limits.maxDepth)
        } catch {
            diagnostics.append(error.diagnostic(file: file))
            return nil
        }
        var parser = Parser(reader: DocumentReader(file: file))
        let model = parser.read(root, sha256: SHA256.hex(of: bytes))
        diagnostics.append(contentsOf: parser.reader.diagnostics)
        return parser.reader.diagnostics.hasErrors ? nil : model
    }

    private struct Parser {
        var reader: DocumentReader
        var findings: [Finding] = []
        /// Where each finding's entry starts, for the unlinked-finding warning.
        var findingNodes: [(node: SourceNode, path: FieldPath)] = []
        var findingIndex: [String: Int] = [:]
        var linked: Set<Int> = []

        mutating func read(_ root: SourceNode, sha256: String) -> NoisyORModel? {
            guard checkHeader(root) else { return nil }
            guard
                let top = reader.mapping(
                    root, at: .root,
                    required: [
                        "format", "format_version", "name", "version", "vocabulary", "findings", "conditions", "triage",
                    ],
                    optional: ["description", "max_differential"])
            else { return nil }
            let name = reader.slug(top, "name")
            let version = reader.nonEmptyString(top, "version")
            let vocabulary = reader.slug(top, "vocabulary")
            let description = reader.string(top, "description")
            if let node = top["findings"] { readFindings(node, at: top.path("findings")) }
            var conditions: [Condition] = []
            if let node = top["conditions"] { conditions = readConditions(node, at: top.path("conditions")) }
            var triage: TriageRules?
            if let node = top["triage"] { triage = readTriage(node, at: top.path("triage")) }
            var maxDifferential: Int?
            if let node = top["max_differential"] {
                maxDifferential = reader.integer(node, at: top.path("max_differential"), atLeast: 1)
            }
            if !conditions.isEmpty {
                for (index, entry) in findingNodes.enumerated() where !linked.contains(index) {
                    reader.warning(
                        "no condition links this finding; it can only be present through its leak", at: entry.node,
                        field: entry.path)
                }
            }
            guard let name, let version, let vocabulary, let triage else { return nil }
            return NoisyORModel(
                name: name, version: version, vocabulary: vocabulary, description: description, findings: findings,
                conditions: conditions, triage: triage, maxDifferential: maxDifferential, sha256: sha256,
                file: reader.file)
        }

        /// Checks `format` and `format_version` first: a file of another format or version is
        /// not read further, since its other fields would only give misleading errors.
        mutating func checkHeader(_ root: SourceNode) -> Bool {
            guard case .object(let members) = root.value else { return true }
            var ok = true
            let formatPath = FieldPath.root.appending("format")
            if let node = members.first(where: { $0.key == "format" })?.value {
                if let text = reader.identifier(node, at: formatPath, accepting: { $0 == NoisyORParser.format }) {
                    if text != NoisyORParser.format {
                        reader.error(
                            "expected \(quoted(NoisyORParser.format)), found \(quoted(text))", at: node, field: formatPath)
                        ok = false
                    }
                } else {
                    ok = false
                }
            }
            let versionPath = FieldPath.root.appending("format_version")
            if let node = members.first(where: { $0.key == "format_version" })?.value {
                if let value = reader.integer(node, at: versionPath) {
                    if value != NoisyORParser.highestSupportedVersion {
                        reader.error(
                            "unsupported format version \(value); the highest supported version is \(NoisyORParser.highestSupportedVersion)",
                            at: node, field: versionPath)
                        ok = false
                    }
                } else {
                    ok = false
                }
            }
            return ok
        }

        // MARK: Findings

        mutating func readFindings(_ node: SourceNode, at path: FieldPath) {
            guard let elements = reader.array(node, at: path) else { return }
            if elements.isEmpty {
                reader.error("must not be empty; a model needs at least one finding", at: node, field: path)
            }
            var firstLine: [String: Int] = [:]
            for (position, element) in elements.enumerated() {
                let elementPath = path.appending(position)
                guard let entry = reader.mapping(element, at: elementPath, required: ["id"], optional: ["label", "leak"])
                else { continue }
                let idNode = entry["id"]
                let id = idNode.flatMap { reader.code($0, at: entry.path("id")) }
                let label = reader.string(entry, "label")
                var leak = 0.0
                if let leakNode = entry["leak"] {
                    leak =
                        reader.number(
                            leakNode, at: entry.path("leak"), expected: "a leak of at least 0 and below 1",
                            where: { $0 >= 0 && $0 < 1 }) ?? 0
                }
                guard let id, let idNode else { continue }
                if let first = firstLine[id] {
                    reader.error(
                        "duplicate finding id \(quoted(id)); first declared on line \(first)", at: idNode,
                        field: entry.path("id"))
                    continue
                }
                firstLine[id] = idNode.line
                findingIndex[id] = findings.count
                findings.append(Finding(id: id, label: label, leak: leak))
                findingNodes.append((element, elementPath))
            }
        }

        /// The index of a declared finding, or an error naming the unknown one.
        mutating func declaredFinding(_ id: String, at location: InputLocation, field: FieldPath) -> Int? {
            if let index = findingIndex[id] { return index }
            let hint = DocumentReader.suggestion(
                for: id, in: findings.map(\.id), otherwise: "; it is not declared in findings")
            reader.diagnostics.error("unknown finding \(quoted(id))\(hint)", at: location, field: field)
            return nil
        }

        // MARK: Conditions

        mutating func readConditions(_ node: SourceNode, at path: FieldPath) -> [Condition] {
            guard let elements = reader.array(node, at: path) else { return [] }
            if elements.isEmpty {
                reader.error("must not be empty; a model needs at least one condition", at: node, field: path)
            }
            var conditions: [Condition] = []
            var firstLine: [String: Int] = [:]
            for (position, element) in elements.enumerated() {
                let elementPath = path.appending(position)
                guard
                    let entry = reader.mapping(
                        element, at: elementPath, required: ["id", "label", "urgency", "prior", "links"],
                        optional: ["icd10", "sex_factor", "age_factor"])
                else { continue }
                let idNode = entry["id"]
                let id = idNode.flatMap { reader.code($0, at: entry.path("id")) }
                let label = reader.nonEmptyString(entry, "label")
                var icd10 = reader.nonEmptyString(entry, "icd10")
                if let code = icd10, let node = entry["icd10"],
                    !reader.admitsIdentifier(code, of: node, at: entry.path("icd10"), accepting: { !$0.isEmpty })
                {
                    icd10 = nil
                }
                let urgency = entry["urgency"].flatMap {
                    reader.level($0, at: entry.path("urgency"), allowed: TriageLevel.mostUrgentFirst)
                }
                let prior = entry["prior"].flatMap {
                    reader.number($0, at: entry.path("prior"), expected: "a prior above 0 and at most 1") {
                        $0 > 0 && $0 <= 1
                    }
                }
                let sexFactor = entry["sex_factor"].flatMap { readSexFactor($0, at: entry.path("sex_factor")) }
                let ageFactor = entry["age_factor"].flatMap { readAgeFactor($0, at: entry.path("age_factor")) }
                let links = entry["links"].flatMap { readLinks($0, at: entry.path("links")) }
                if let id, let idNode {
                    if let first = firstLine[id] {
                        reader.error(
                            "duplicate condition id \(quoted(id)); first declared on line \(first)", at: idNode,
                            field: entry.path("id"))
                        continue
                    }
                    firstLine[id] = idNode.line
                }
                guard let id, let label, let urgency, let prior, let links else { continue }
                conditions.append(
                    Condition(
                        id: id, label: label, icd10: icd10, urgency: urgency, prior: prior, sexFactor: sexFactor ?? [:],
                        ageFactor: ageFactor ?? [], links: links))
            }
            return conditions
        }

        mutating func readSexFactor(_ node: SourceNode, at path: FieldPath) -> [Sex: Double]? {
            guard let mapping = reader.mapping(node, at: path, required: [], optional: ["female", "male"]) else {
                return nil
            }
            var factors: [Sex: Double] = [:]
            for sex in Sex.allCases {
                guard let value = mapping[sex.rawValue] else { continue }
                factors[sex] = reader.number(value, at: mapping.path(sex.rawValue), expected: "a factor of 0 or more") {
                    $0 >= 0
                }
            }
            return factors
        }

        mutating func readAgeFactor(_ node: SourceNode, at path: FieldPath) -> [AgeBand]? {
            guard let elements = reader.array(node, at: path) else { return nil }
            var bands: [(band: AgeBand, position: Int)] = []
            for (position, element) in elements.enumerated() {
                let bandPath = path.appending(position)
                guard
                    let entry = reader.mapping(element, at: bandPath, required: ["from", "to", "factor"], optional: [])
                else { continue }
                let from = reader.integer(entry, "from", in: 0...120)
                let to = reader.integer(entry, "to", in: 0...120)
                let factor = entry["factor"].flatMap {
                    reader.number($0, at: entry.path("factor"), expected: "a factor of 0 or more") { $0 >= 0 }
                }
                guard let from, let to else { continue }
                guard from <= to else {
                    reader.error(
                        "from (\(from)) is above to (\(to)); a band runs from its first age to its last", at: element,
                        field: bandPath)
                    continue
                }
                let band = AgeBand(from: from, to: to, factor: factor ?? 1)
                for other in bands where other.band.overlaps(band) {
                    reader.error(
                        "ages \(from) to \(to) overlap ages \(other.band.from) to \(other.band.to) of \(path.appending(other.position)) (line \(elements[other.position].line)); bands include both ends and must not overlap",
                        at: element, field: bandPath)
                }
                bands.append((band, position))
            }
            return bands.map(\.band)
        }

        mutating func readLinks(_ node: SourceNode, at path: FieldPath) -> [Condition.Link]? {
            let known = findingIndex
            guard let members = reader.members(node, at: path, accepting: { known[$0] != nil }) else { return nil }
            if case .object(let written) = node.value, written.isEmpty {
                reader.warning(
                    "no links: no finding can change this condition's probability from its prior", at: node, field: path)
            }
            var links: [Condition.Link] = []
            for member in members {
                let linkPath = path.appending(member.key)
                let index = declaredFinding(member.key, at: reader.location(of: member), field: linkPath)
                if let index { linked.insert(index) }
                let probability = reader.number(member.value, at: linkPath, in: 0...1, what: "a probability")
                guard let index, let probability else { continue }
                links.append(Condition.Link(findingIndex: index, probability: probability))
            }
            return links.sorted { $0.findingIndex < $1.findingIndex }
        }

        // MARK: Triage

        mutating func readTriage(_ node: SourceNode, at path: FieldPath) -> TriageRules? {
            guard let triage = reader.mapping(node, at: path, required: ["thresholds"], optional: ["red_flags"]) else {
                return nil
            }
            let thresholds = triage["thresholds"].flatMap { readThresholds($0, at: triage.path("thresholds")) }
            var redFlags: [RedFlag] = []
            if let flagsNode = triage["red_flags"], let elements = reader.array(flagsNode, at: triage.path("red_flags")) {
                for (position, element) in elements.enumerated() {
                    if let flag = readRedFlag(element, at: triage.path("red_flags").appending(position)) {
                        redFlags.append(flag)
                    }
                }
            }
            guard let thresholds else { return nil }
            return TriageRules(thresholds: thresholds, redFlags: redFlags)
        }

        mutating func readThresholds(_ node: SourceNode, at path: FieldPath) -> [TriageLevel: Double]? {
            let levels: [TriageLevel] = [.emergency, .urgent, .routine]
            let isLevel = { (key: String) in TriageLevel(rawValue: key).map(levels.contains) ?? false }
            guard let members = reader.members(node, at: path, accepting: isLevel) else { return nil }
            if case .object(let written) = node.value, written.isEmpty {
                reader.warning(
                    "no thresholds: the triage level comes from red flags only, and is otherwise self_care", at: node,
                    field: path)
            }
            var thresholds: [TriageLevel: Double] = [:]
            for member in members {
                let memberPath = path.appending(member.key)
                guard let level = TriageLevel(rawValue: member.key), levels.contains(level) else {
                    let message =
                        member.key == TriageLevel.selfCare.rawValue
                        ? "self_care has no threshold; it is the level given when no other level is reached"
                        : "unknown level"
                            + DocumentReader.suggestion(
                                for: member.key, in: levels.map(\.rawValue),
                                otherwise: "; expected one of emergency, urgent, routine")
                    reader.diagnostics.error(message, at: reader.location(of: member), field: memberPath)
                    continue
                }
                guard
                    let value = reader.number(member.value, at: memberPath, expected: "a threshold above 0", where: { $0 > 0 })
                else { continue }
                if value > 1 {
                    reader.warning(
                        "threshold above 1: reached only when the posteriors of several conditions add up past it",
                        at: member.value, field: memberPath)
                }
                thresholds[level] = value
            }
            return thresholds
        }

        mutating func readRedFlag(_ node: SourceNode, at path: FieldPath) -> RedFlag? {
            guard let flag = reader.mapping(node, at: path, required: ["all", "level"], optional: []) else { return nil }
            let level = flag["level"].flatMap {
                reader.level($0, at: flag.path("level"), allowed: [.emergency, .urgent, .routine])
            }
            var indexes: [Int] = []
            var valid = true
            if let allNode = flag["all"], let elements = reader.array(allNode, at: flag.path("all")) {
                if elements.isEmpty {
                    reader.error(
                        "must not be empty; list the findings that must all be present", at: allNode,
                        field: flag.path("all"))
                    valid = false
                }
                for (position, element) in elements.enumerated() {
                    let codePath = flag.path("all").appending(position)
                    let known = findingIndex
                    guard let code = reader.identifier(element, at: codePath, accepting: { known[$0] != nil }),
                        let index = declaredFinding(code, at: reader.location(of: element), field: codePath)
                    else {
                        valid = false
                        continue
                    }
                    if indexes.contains(index) {
                        reader.warning("finding \(quoted(code)) is listed twice", at: element, field: codePath)
                        continue
                    }
                    indexes.append(index)
                }
            } else {
                valid = false
            }
            guard valid, let level else { return nil }
            return RedFlag(findingIndexes: indexes, level: level)
        }
    }
}
