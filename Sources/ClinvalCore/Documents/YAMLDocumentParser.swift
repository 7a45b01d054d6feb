import Yams

/// Reads a single-document YAML file into a located ``SourceNode`` tree.
///
/// Scalars are typed by the YAML 1.2 core schema, not YAML 1.1: `yes`, `no`, `on` and `off` are
/// text, not booleans, and a quoted scalar is always text. Anything typed by a plain scalar that a
/// field does not accept is then reported by the reader (`version: 2026.11` is a number, and the
/// message says to quote it).
///
/// Anchors and aliases are allowed, but the nodes they expand to are counted: a document that
/// expands to more than ``DocumentLimits/maxExpansionPerByte`` nodes per byte (the "billion laughs"
/// bomb) is rejected at once, without expanding it.
///
/// Text is kept as written, invisible characters included: a U+FEFF at the start of a scalar,
/// which Yams would drop, is kept (``YAMLByteOrderMarks``), so that the reader can report it.
public enum YAMLDocumentParser {
    /// Parses `bytes`, which must already have passed ``TextInput/check(_:limits:)``.
    ///
    /// - Throws: ``DocumentSyntaxError`` for invalid YAML, several documents, an empty file, or an
    ///   alias expansion over the limit.
    public static func parse(_ bytes: [UInt8], limits: DocumentLimits) throws(DocumentSyntaxError) -> SourceNode {
        let marks = try YAMLByteOrderMarks(bytes)
        let text = String(decoding: marks.prepared, as: UTF8.self)
        let root: Node?
        do {
            root = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8).singleRoot()
        } catch let error as YamlError {
            throw convert(error)
        } catch {
            throw DocumentSyntaxError("invalid YAML")
        }
        guard let root else {
            throw DocumentSyntaxError("file is empty: expected a YAML mapping", line: 1, column: 1)
        }
        var converter = Converter(
            budget: limits.maxExpansionPerByte * bytes.count + 10_000, maxDepth: limits.maxDepth, marks: marks)
        return try converter.convert(root, depth: 0)
    }

    private struct Converter {
        var budget: Int
        let maxDepth: Int
        let marks: YAMLByteOrderMarks

        mutating func convert(_ node: Node, depth: Int) throws(DocumentSyntaxError) -> SourceNode {
            let line = node.mark?.line ?? 1
            let column = node.mark?.column ?? 1
            budget -= 1
            if budget < 0 {
                throw DocumentSyntaxError(
                    "YAML anchors and aliases expand this document far beyond its size (an alias bomb?); refusing to expand it",
                    line: line, column: column)
            }
            if depth > maxDepth {
                throw DocumentSyntaxError("nesting deeper than \(maxDepth) levels", line: line, column: column)
            }
            switch node {
            case .scalar(let scalar):
                return SourceNode(
                    YAMLDocumentParser.resolve(scalar, text: marks.text(of: scalar)), line: line, column: column)
            case .sequence(let sequence):
                var elements: [SourceNode] = []
                elements.reserveCapacity(sequence.count)
                for element in sequence {
                    elements.append(try convert(element, depth: depth + 1))
                }
                return SourceNode(.array(elements), line: line, column: column)
            case .mapping(let mapping):
                var members: [SourceNode.Member] = []
                members.reserveCapacity(mapping.count)
                for (key, value) in mapping {
                    guard case .scalar(let keyScalar) = key else {
                        throw DocumentSyntaxError(
                            "a mapping key must be plain text, not a list or mapping",
                            line: key.mark?.line ?? line, column: key.mark?.column ?? column)
                    }
                    budget -= 1
                    let converted = try convert(value, depth: depth + 1)
                    members.append(
                        SourceNode.Member(
                            key: marks.text(of: keyScalar), line: key.mark?.line ?? line,
                            column: key.mark?.column ?? column,
                            value: converted))
                }
                return SourceNode(.object(members), line: line, column: column)
            case .alias:
                // Yams resolves aliases while composing; an unresolved alias is undefined.
                throw DocumentSyntaxError("undefined YAML alias", line: line, column: column)
            }
        }
    }

    /// Types a scalar whose text is `text` (as written) by the YAML 1.2 core schema.
    static func resolve(_ scalar: Node.Scalar, text: String) -> SourceNode.Value {
        let tag = scalar.tag.rawValue
        if tag == Tag.Name.str.rawValue || scalar.style != .plain && scalar.style != .any {
            return .string(text)
        }
        if tag == Tag.Name.null.rawValue { return .null }
        switch text {
        case "", "~", "null", "Null", "NULL":
            return .null
        case "true", "True", "TRUE":
            return .bool(true)
        case "false", "False", "FALSE":
            return .bool(false)
        default:
            break
        }
        if let number = number(text) {
            return .number(SourceNode.Number(value: number, literal: text))
        }
        return .string(text)
    }

    /// Whether `text`, written as a plain (unquoted) scalar, reads back as that text by the core
    /// schema, not as a null, a boolean or a number (`pneumonia` does; `null`, `true`, `12` and
    /// `1e3` do not). Says nothing of the characters a plain scalar may hold.
    public static func readsAsText(plain text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE": false
        default: number(text) == nil
        }
    }

    /// A YAML 1.2 core-schema number (`12`, `-3.5`, `1e-3`, `0x1F`, `0o17`, `.inf`, `.nan`), or `nil`.
    static func number(_ text: String) -> Double? {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first else { return nil }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        if text.hasPrefix("0x"), text.count > 2, let value = Int(text.dropFirst(2), radix: 16) {
            return Double(value)
        }
        if text.hasPrefix("0o"), text.count > 2, let value = Int(text.dropFirst(2), radix: 8) {
            return Double(value)
        }
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var index = 0
        func digit(_ position: Int) -> Bool {
            position < scalars.count && ("0"..."9").contains(scalars[position])
        }
        if first == "-" || first == "+" { index += 1 }
        var mantissaDigits = 0
        while digit(index) { index += 1; mantissaDigits += 1 }
        if index < scalars.count && scalars[index] == "." {
            index += 1
            while digit(index) { index += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        if index < scalars.count && (scalars[index] == "e" || scalars[index] == "E") {
            index += 1
            if index < scalars.count && (scalars[index] == "-" || scalars[index] == "+") { index += 1 }
            guard digit(index) else { return nil }
            while digit(index) { index += 1 }
        }
        guard index == scalars.count else { return nil }
        let normalized = first == "+" ? String(text.dropFirst()) : text
        return Double(normalized.hasSuffix(".") ? normalized + "0" : normalized)
    }

    private static func convert(_ error: YamlError) -> DocumentSyntaxError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return DocumentSyntaxError(message, line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { quoted($0) }.joined(separator: ", ")
            return DocumentSyntaxError(
                "duplicate key \(keys) in one mapping", line: context.mark.line, column: context.mark.column)
        case .reader(let problem, let offset, _, let yaml):
            // `offset` counts Characters from the start of the text.
            guard let offset else { return DocumentSyntaxError("cannot read the YAML text: \(problem)") }
            var line = 1
            var column = 1
            for character in yaml.prefix(offset) {
                if character == "\n" || character == "\r\n" {
                    line += 1
                    column = 1
                } else {
                    column += character.unicodeScalars.count
                }
            }
            return DocumentSyntaxError("cannot read the YAML text: \(problem)", line: line, column: column)
        case .memory:
            return DocumentSyntaxError("out of memory while parsing YAML")
        default:
            return DocumentSyntaxError("invalid YAML")
        }
    }
}
