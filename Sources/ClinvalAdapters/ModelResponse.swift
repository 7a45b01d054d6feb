import ClinvalCore

/// One response of an external model, read (docs/model-format.md): a line a worker wrote, or the body
/// of an HTTP response.
enum ModelResponse: Equatable {
    /// A line that names a vignette by its id (whether that id is in flight is the caller's check).
    case tied(id: String, Outcome)
    /// A line that cannot be tied to any vignette: the reason, for messages.
    case untied(String)
    /// A blank line, ignored.
    case blank

    /// What a tied response says about its vignette.
    enum Outcome: Equatable {
        /// A well-formed answer (differential not yet ranked).
        case answer([RankedCondition], TriageLevel)
        /// The model reported an error: the message for the vignette.
        case modelError(String)
        /// A malformed response: what is wrong, for the vignette's error.
        case malformed(String)
    }

    /// How long a condition code in a response may be.
    static let maxConditionLength = 256
    /// How many problems of one response a message lists.
    static let maxProblemsListed = 3

    /// Reads one line (without its newline) from `bytes[range]`.
    ///
    /// The line is strict JSON, except that the non-finite numbers some JSON writers emit (`NaN`,
    /// `Infinity`, `-Infinity`, `1e999`) are recognised so that the message can say so and the
    /// response can still be tied to its vignette. Messages never quote the line itself.
    ///
    /// - Parameter noun: what the text is called in messages: `line` for a worker's output,
    ///   `body` for an HTTP response.
    static func parse(_ bytes: [UInt8], range: Range<Int>, noun: String = "line") -> ModelResponse {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        if lower == upper { return .blank }
        let line = lower..<upper
        if TextInput.firstInvalidUTF8(in: Array(bytes[line])) != nil {
            return .untied("a \(noun) that is not UTF-8 text")
        }
        let root: SourceNode
        do {
            root = try JSONDocumentParser.parse(bytes, range: line, maxDepth: 32)
        } catch {
            guard let rewritten = rewritingNonFiniteNumbers(bytes[line]),
                let node = try? JSONDocumentParser.parse(rewritten, maxDepth: 32)
            else {
                return .untied("a \(noun) that is not JSON (column \(error.column ?? 1): \(error.message))")
            }
            root = node
        }
        guard case .object(let members) = root.value else {
            return .untied("a \(noun) that is not a JSON object (found \(root.kindDescription))")
        }
        guard let idNode = members.first(where: { $0.key == "id" })?.value else {
            return .untied("a response without an \"id\"")
        }
        guard case .string(let id) = idNode.value else {
            return .untied("a response whose \"id\" is not a string (found \(idNode.kindDescription))")
        }
        return .tied(id: id, outcome(of: members))
    }

    /// The outcome of a response object whose id is known.
    private static func outcome(of members: [SourceNode.Member]) -> Outcome {
        if let errorNode = members.first(where: { $0.key == "error" })?.value {
            guard case .string(let text) = errorNode.value else {
                return .malformed("malformed response: error: expected a string, found \(describe(errorNode))")
            }
            return .modelError("model error: " + quoted(text, limit: 200))
        }
        var problems: [String] = []
        var differential: [RankedCondition] = []
        if let node = members.first(where: { $0.key == "differential" })?.value {
            differential = readDifferential(node, problems: &problems)
        } else {
            problems.append("missing \"differential\"")
        }
        var triage: TriageLevel?
        if let node = members.first(where: { $0.key == "triage" })?.value {
            if case .string(let text) = node.value, let level = TriageLevel(rawValue: text) {
                triage = level
            } else {
                problems.append(
                    "triage: expected one of emergency, urgent, routine, self_care, found \(describe(node))")
            }
        } else {
            problems.append("missing \"triage\"")
        }
        if let triage, problems.isEmpty { return .answer(differential, triage) }
        return .malformed("malformed response: " + summarize(problems))
    }

    private static func readDifferential(_ node: SourceNode, problems: inout [String]) -> [RankedCondition] {
        guard case .array(let items) = node.value else {
            problems.append("differential: expected a list, found \(describe(node))")
            return []
        }
        var result: [RankedCondition] = []
        result.reserveCapacity(items.count)
        var seen = Set<String>()
        for (index, item) in items.enumerated() {
            let path = "differential[\(index)]"
            guard case .object(let fields) = item.value else {
                problems.append("\(path): expected a mapping with condition and probability, found \(describe(item))")
                continue
            }
            var condition: String?
            if let conditionNode = fields.first(where: { $0.key == "condition" })?.value {
                if case .string(let text) = conditionNode.value, !text.isEmpty,
                    text.unicodeScalars.count <= maxConditionLength
                {
                    if seen.insert(text).inserted {
                        condition = text
                    } else {
                        problems.append("\(path).condition: \(quoted(text)) is repeated")
                    }
                } else if case .string(let text) = conditionNode.value {
                    problems.append(
                        text.isEmpty
                            ? "\(path).condition: empty"
                            : "\(path).condition: longer than \(maxConditionLength) characters")
                } else {
                    problems.append("\(path).condition: expected a string, found \(describe(conditionNode))")
                }
            } else {
                problems.append("\(path): missing \"condition\"")
            }
            var probability: Double?
            if let probabilityNode = fields.first(where: { $0.key == "probability" })?.value {
                switch probabilityNode.value {
                case .number(let number) where number.value >= 0 && number.value <= 1:
                    probability = number.value
                case .number(let number):
                    problems.append("\(path).probability: \(number.literal) is outside [0, 1]")
                case .string(let text) where text.hasPrefix(nonFiniteMarker):
                    problems.append(
                        "\(path).probability: \(text.dropFirst(nonFiniteMarker.count)) is not a finite number")
                default:
                    problems.append(
                        "\(path).probability: expected a number in [0, 1], found \(describe(probabilityNode))")
                }
            } else {
                problems.append("\(path): missing \"probability\"")
            }
            if let condition, let probability {
                result.append(RankedCondition(condition: condition, probability: probability))
            }
        }
        return result
    }

    /// The first problems, joined, with a count of the rest.
    private static func summarize(_ problems: [String]) -> String {
        var text = problems.prefix(maxProblemsListed).joined(separator: "; ")
        if problems.count > maxProblemsListed {
            text += "; and \(problems.count - maxProblemsListed) more"
        }
        return text
    }

    /// A value for a message: short strings quoted and capped, other values by kind.
    private static func describe(_ node: SourceNode) -> String {
        switch node.value {
        case .string(let text) where text.hasPrefix(nonFiniteMarker):
            return "a non-finite number (\(text.dropFirst(nonFiniteMarker.count)))"
        case .string(let text):
            return quoted(text)
        default:
            return node.kindDescription
        }
    }

    // MARK: Non-finite numbers

    /// Marks a non-finite number rewritten as a string (a control character no model writes by
    /// accident).
    static let nonFiniteMarker = "\u{1}non-finite:"

    /// The line with `NaN`, `Infinity`, `-Infinity` and out-of-range numbers outside strings
    /// replaced by marked strings, or nil if there are none.
    static func rewritingNonFiniteNumbers(_ line: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(line.count + 32)
        var changed = false
        var index = line.startIndex
        let end = line.endIndex
        func appendMarker(_ literal: some Sequence<UInt8>) {
            output.append(contentsOf: #""\u0001non-finite:"#.utf8)
            output.append(contentsOf: literal)
            output.append(UInt8(ascii: "\""))
            changed = true
        }
        while index < end {
            let byte = line[index]
            if byte == UInt8(ascii: "\"") {
                // Copy the string literal as it is.
                output.append(byte)
                index += 1
                while index < end {
                    let inner = line[index]
                    output.append(inner)
                    index += 1
                    if inner == UInt8(ascii: "\\"), index < end {
                        output.append(line[index])
                        index += 1
                    } else if inner == UInt8(ascii: "\"") {
                        break
                    }
                }
                continue
            }
            if let word = ["NaN", "Infinity", "-Infinity"].first(where: { line[index...].starts(with: $0.utf8) }) {
                appendMarker(word.utf8)
                index += word.utf8.count
                continue
            }
            if byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                var tokenEnd = index + 1
                while tokenEnd < end, isNumberByte(line[tokenEnd]) { tokenEnd += 1 }
                let token = line[index..<tokenEnd]
                if let value = Double(String(decoding: token, as: UTF8.self)), !value.isFinite {
                    appendMarker(token)
                } else {
                    output.append(contentsOf: token)
                }
                index = tokenEnd
                continue
            }
            output.append(byte)
            index += 1
        }
        return changed ? output : nil
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
