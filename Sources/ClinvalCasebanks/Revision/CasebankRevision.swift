import ClinvalCore

/// The next version of a bank with its label corrections applied (`clinval adjudications
/// apply`, docs/command-line.md): a pure function from the bank file's bytes, the corrections
/// and the new version string to the new file's bytes.
///
/// The edit is minimal, so that the new version reviews as a diff of the changed labels:
///
/// - **YAML**: only the `version:` value and, in each corrected vignette's `gold`, the changed
///   fields (`diagnosis`, `also_correct`, `triage`) change; every other byte (comments, order,
///   layout, the quoting of untouched values) stays. A value on its key's line (a scalar, a
///   quoted scalar, a flow list, with a trailing comment kept) is replaced in place; a block
///   list under its key becomes a flow list on the key's line; a missing `also_correct` is a new
///   line after `diagnosis`, at its indentation. Codes are written plain when they read back as
///   text, quoted otherwise; the version is always quoted.
/// - **JSON Lines**: the header line gets the new version and each corrected vignette's line the
///   changed gold fields, in place, keys in their order (a missing `also_correct` follows
///   `diagnosis`); every other line is byte-identical.
///
/// Only `label_error` and `acceptable_alternative` change labels (``GoldLabel/corrected(by:)``);
/// a correction that changes nothing leaves its vignette untouched. The new bytes are then read
/// back with the bank reader: they must lint with no error and no warning the bank did not have,
/// and every vignette must read back as expected (the corrected ones with exactly the corrected
/// labels, the others unchanged), or nothing is returned.
///
/// ```swift
/// let revision = try CasebankRevision.make(
///     from: bytes, file: "casebanks/red-flags.yaml", corrections: standing, version: "2026.12")
/// try Data(revision.bytes).write(to: output)
/// ```
public struct CasebankRevision: Sendable, Hashable {
    /// The new file's bytes.
    public var bytes: [UInt8]
    /// The vignettes whose labels changed, in bank order.
    public var correctedVignetteIDs: [String]
    /// The bank as it reads back from ``bytes``.
    public var bank: Casebank

    /// Writes the next version of the bank whose file holds `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: The bank file's bytes.
    ///   - file: The bank file as the user named it: its extension gives the format, and
    ///     diagnostics name it.
    ///   - corrections: At most one standing adjudication per vignette of this bank, each naming
    ///     the digest of the vignette's content it was made on (``Vignette/content(casebankID:)``).
    ///   - version: The new version string.
    /// - Throws: ``CasebankRevisionError`` for a bank with errors, an empty version, a correction
    ///   for a vignette the bank does not hold or whose content has changed, two corrections of
    ///   one vignette, a corrected value that is not a code, a value written in a way this edit
    ///   does not rewrite, or new bytes that do not read back as intended.
    public static func make(
        from bytes: [UInt8], file: String, corrections: [Adjudication], version: String
    ) throws(CasebankRevisionError) -> CasebankRevision {
        var diagnostics = DiagnosticList()
        guard let bank = CasebankLoader.load(file, bytes: bytes, diagnostics: &diagnostics) else {
            throw CasebankRevisionError(.invalidBank, DiagnosticList(diagnostics.errors))
        }
        if version.allSatisfy(\.isWhitespace) {
            throw .problem(
                .invalidVersion, "the new version must not be empty", at: InputLocation(file: file),
                field: FieldPath.root.appending("version"))
        }
        let labels = try correctedLabels(of: bank, by: corrections)
        let edited: [UInt8]
        switch bank.format {
        case .yaml:
            var editor = try YAMLBankEditor(bytes: bytes, file: file)
            try editor.setVersion(version)
            for vignette in bank.vignettes {
                guard let label = labels[vignette.index] else { continue }
                try editor.correct(vignette, to: label)
            }
            edited = try editor.result()
        case .jsonLines:
            var editor = JSONLinesBankEditor(bytes: bytes, file: file)
            try editor.setVersion(version)
            for vignette in bank.vignettes {
                guard let label = labels[vignette.index] else { continue }
                try editor.correct(vignette, to: label)
            }
            edited = try editor.result()
        }
        let revised = try readBack(edited, file: file, original: bank, warnings: diagnostics, labels: labels, version: version)
        return CasebankRevision(
            bytes: edited, correctedVignetteIDs: bank.vignettes.filter { labels[$0.index] != nil }.map(\.id),
            bank: revised)
    }

    /// The corrected label of each vignette (by index) whose labels a correction changes.
    private static func correctedLabels(
        of bank: Casebank, by corrections: [Adjudication]
    ) throws(CasebankRevisionError) -> [Int: GoldLabel] {
        let byID = Dictionary(bank.vignettes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var problems = DiagnosticList()
        var firstKind: CasebankRevisionError.Kind?
        func report(_ kind: CasebankRevisionError.Kind, _ message: String, at line: Int? = nil, field: FieldPath? = nil) {
            problems.error(message, at: InputLocation(file: bank.file, line: line, column: line.map { _ in 1 }), field: field)
            firstKind = firstKind ?? kind
        }
        var seen: Set<String> = []
        var labels: [Int: GoldLabel] = [:]
        for correction in corrections {
            let key = correction.vignette
            guard key.casebankID == bank.id else {
                report(
                    .unknownVignette,
                    "a correction is for vignette \(quoted(key.vignetteID)) of bank \(quoted(key.casebankID)), not of this bank \(quoted(bank.id))"
                )
                continue
            }
            guard let vignette = byID[key.vignetteID] else {
                report(.unknownVignette, "a correction is for vignette \(quoted(key.vignetteID)), which this bank does not hold")
                continue
            }
            guard seen.insert(key.vignetteID).inserted else {
                report(
                    .repeatedCorrection,
                    "two corrections are for vignette \(quoted(key.vignetteID)); give only the one that stands",
                    at: vignette.line, field: vignette.fieldPath)
                continue
            }
            guard vignette.content(casebankID: bank.id).sha256 == correction.vignetteDigest else {
                report(
                    .contentChanged,
                    "vignette \(quoted(key.vignetteID)) has changed since it was adjudicated (its content digest differs); its correction does not apply",
                    at: vignette.line, field: vignette.fieldPath)
                continue
            }
            let codes = (correction.diagnosis.map { [$0] } ?? []) + correction.alsoCorrect
            if let bad = codes.first(where: { !Identifiers.isCode($0) }) {
                report(
                    .invalidCorrection,
                    "the correction of vignette \(quoted(key.vignetteID)) names \(quoted(bad)), which is not a code of letters, digits, '.', '_' and '-'",
                    at: vignette.line, field: vignette.fieldPath.appending("gold"))
                continue
            }
            let label = vignette.gold.corrected(by: correction)
            if label != vignette.gold { labels[vignette.index] = label }
        }
        if let firstKind { throw CasebankRevisionError(firstKind, problems) }
        return labels
    }

    /// Reads the edited bytes back and checks them against what was meant.
    private static func readBack(
        _ edited: [UInt8], file: String, original: Casebank, warnings: DiagnosticList, labels: [Int: GoldLabel],
        version: String
    ) throws(CasebankRevisionError) -> Casebank {
        func failure(_ message: String, line: Int? = nil, field: FieldPath? = nil) -> CasebankRevisionError {
            .problem(.readBackFailed, message, at: InputLocation(file: file, line: line), field: field)
        }
        var diagnostics = DiagnosticList()
        guard let revised = CasebankLoader.load(file, bytes: edited, diagnostics: &diagnostics) else {
            var problems = DiagnosticList()
            problems.error("the edited bank does not read back; it was not written", at: InputLocation(file: file))
            problems.append(contentsOf: DiagnosticList(diagnostics.errors))
            throw CasebankRevisionError(.readBackFailed, problems)
        }
        let known = Set(warnings.warnings.map { "\($0.field?.description ?? "")\u{0}\($0.message)" })
        if let new = diagnostics.warnings.first(where: { !known.contains("\($0.field?.description ?? "")\u{0}\($0.message)") }) {
            throw failure("the edited bank has a new warning (\(new.message)); it was not written", line: new.location?.line, field: new.field)
        }
        var header = original.header
        header.version = version
        guard revised.header == header else {
            throw failure("the edited bank's header does not read back with only the new version; it was not written")
        }
        guard revised.vignettes.count == original.vignettes.count else {
            throw failure("the edited bank does not read back with the same vignettes; it was not written")
        }
        for (before, after) in zip(original.vignettes, revised.vignettes) {
            var expected = before
            expected.gold = labels[before.index] ?? before.gold
            expected.line = after.line
            guard after == expected else {
                throw failure(
                    "vignette \(quoted(before.id)) does not read back with \(labels[before.index] == nil ? "its labels unchanged" : "exactly the corrected labels"); the bank was not written",
                    line: after.line, field: after.fieldPath)
            }
        }
        return revised
    }
}

/// Writing values as they go into a bank file.
enum BankValueText {
    /// A code or level as a YAML scalar: plain when it reads back as that text, double-quoted
    /// otherwise (`pneumonia`, `"1e3"`, `"true"`).
    static func yaml(_ code: String) -> String {
        let first = code.utf8.first ?? 0
        let plainStart = SourceText.isCodeByte(first) && first != UInt8(ascii: "-") && first != UInt8(ascii: ".")
        if plainStart && Identifiers.isCode(code) && YAMLDocumentParser.readsAsText(plain: code) { return code }
        return yamlQuoted(code)
    }

    /// Text as a YAML double-quoted scalar: `"`, `\`, control characters, line and paragraph
    /// separators, U+FEFF and every character YAML does not print are escaped.
    static func yamlQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                let value = scalar.value
                let printable =
                    (0x20...0x7E).contains(value) || (0xA0...0xD7FF).contains(value) && value != 0x2028 && value != 0x2029
                    || (0xE000...0xFFFD).contains(value) && value != 0xFEFF || value >= 0x10000
                if printable {
                    result.unicodeScalars.append(scalar)
                } else if value <= 0xFFFF {
                    result += "\\u" + hex(value, digits: 4)
                } else {
                    result += "\\U" + hex(value, digits: 8)
                }
            }
        }
        return result + "\""
    }

    /// A flow list of codes, `[a, b]`.
    static func yamlList(_ codes: [String]) -> String {
        "[" + codes.map(yaml).joined(separator: ", ") + "]"
    }

    /// A triage range as YAML: `urgent`, or `[routine, urgent]`.
    static func yaml(_ triage: TriageRange) -> String {
        triage.isSingleLevel ? yaml(triage.lower.rawValue) : yamlList([triage.lower.rawValue, triage.upper.rawValue])
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
