import ClinvalCore

/// Reads the top-level fields of a bank: the root mapping of a YAML bank, or the first line of a
/// JSON Lines bank.
enum HeaderParser {
    /// The header fields every bank must have.
    static let requiredFields = ["casebank", "version", "vocabulary", "source"]
    /// The header fields a bank may have.
    static let optionalFields = ["title", "curators"]

    /// Reads the root of a YAML bank.
    ///
    /// - Returns: the header if it has no error, and the vignette nodes if `vignettes` is a
    ///   non-empty list.
    static func parseYAMLRoot(
        _ root: SourceNode, reader: inout DocumentReader
    ) -> (header: CasebankHeader?, vignettes: [SourceNode]?) {
        guard case .object = root.value else {
            reader.error(
                "expected a bank: a mapping with casebank, version, vocabulary, source and vignettes; found \(root.kindDescription)",
                at: root, field: .root)
            return (nil, nil)
        }
        let errorsBefore = reader.diagnostics.errorCount
        guard
            let mapping = reader.mapping(
                root, at: .root, required: requiredFields + ["vignettes"], optional: optionalFields)
        else { return (nil, nil) }
        let header = fields(of: mapping, reader: &reader)
        var vignettes: [SourceNode]?
        if let node = mapping["vignettes"], let elements = reader.array(node, at: mapping.path("vignettes")) {
            if elements.isEmpty {
                reader.error("the bank has no vignettes; add at least one", at: node, field: mapping.path("vignettes"))
            } else {
                vignettes = elements
            }
        }
        return (reader.diagnostics.errorCount == errorsBefore ? header : nil, vignettes)
    }

    /// Reads the header line of a JSON Lines bank.
    ///
    /// - Returns: the header if it has no error.
    static func parseJSONLinesHeader(_ node: SourceNode, reader: inout DocumentReader) -> CasebankHeader? {
        guard case .object(let members) = node.value else {
            reader.error(
                "expected the bank header: an object with casebank, version, vocabulary and source; found \(node.kindDescription)",
                at: node, field: .root)
            return nil
        }
        let keys = Set(members.map(\.key))
        if !keys.contains("casebank") && keys.contains("id") {
            reader.error(
                "the first line must be the bank header (casebank, version, vocabulary, source); this line looks like a vignette",
                at: node, field: .root)
            return nil
        }
        let errorsBefore = reader.diagnostics.errorCount
        // `vignettes` gets its own message, and is not offered among the accepted header keys.
        let headerNode = SourceNode(
            .object(members.filter { $0.key != "vignettes" }), line: node.line, column: node.column)
        guard
            let mapping = reader.mapping(headerNode, at: .root, required: requiredFields, optional: optionalFields)
        else { return nil }
        if let member = members.first(where: { $0.key == "vignettes" }) {
            reader.diagnostics.error(
                "vignettes do not go in the header of a JSON Lines bank; write one vignette object per line after it",
                at: InputLocation(file: reader.file, line: member.line, column: member.column),
                field: mapping.path("vignettes"))
        }
        let header = fields(of: mapping, reader: &reader)
        return reader.diagnostics.errorCount == errorsBefore ? header : nil
    }

    /// Reads and checks the header fields of a mapping whose keys were already checked.
    private static func fields(of mapping: Mapping, reader: inout DocumentReader) -> CasebankHeader? {
        var id: String?
        if let node = mapping["casebank"],
            let text = reader.identifier(node, at: mapping.path("casebank"), accepting: Identifiers.isSlug)
        {
            if Identifiers.isSlug(text) {
                id = text
            } else {
                reader.error(
                    "expected a bank id of lowercase letters, digits and '-', starting with a letter or digit, found \(quoted(text))",
                    at: node, field: mapping.path("casebank"))
            }
        }
        let version = reader.nonEmptyString(mapping, "version")
        let title = reader.nonEmptyString(mapping, "title")
        var vocabulary: String?
        if let node = mapping["vocabulary"],
            let text = reader.identifier(node, at: mapping.path("vocabulary"), accepting: Identifiers.isSlug)
        {
            if Identifiers.isSlug(text) {
                vocabulary = text
            } else {
                reader.error(
                    "expected a vocabulary id of lowercase letters, digits and '-', starting with a letter or digit, found \(quoted(text))",
                    at: node, field: mapping.path("vocabulary"))
            }
        }
        let source = reader.nonEmptyString(mapping, "source")
        var curators: [String] = []
        if let node = mapping["curators"], let elements = reader.array(node, at: mapping.path("curators")) {
            for (offset, element) in elements.enumerated() {
                if let name = reader.nonEmptyString(element, at: mapping.path("curators").appending(offset)) {
                    curators.append(name)
                }
            }
        }
        guard let id, let version, let vocabulary, let source else { return nil }
        return CasebankHeader(
            id: id, version: version, title: title, vocabulary: vocabulary, source: source, curators: curators)
    }
}
