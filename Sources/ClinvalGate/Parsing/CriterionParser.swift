import ClinvalCore
import ClinvalMetrics

/// Reads and checks one criterion of a policy, reporting every problem with its field path.
///
/// The checks:
/// - keys: `id` and `metric` required; `scope`, `min`, `max`, `use`, `min_n`, `severity`,
///   `baseline`, `margin`, `waivable` optional; any other key is an error with a "did you mean";
/// - `id` matches `[A-Za-z0-9._-]+` (it is the JUnit test name) and is not the reserved
///   `approval`; uniqueness is checked by the loader;
/// - `waivable` is `true` or `false` (``Criterion/waivable``);
/// - `metric` is a known id (the message suggests the nearest and lists them all);
/// - `scope` parses (``Scope/parse(_:)``);
/// - a threshold criterion has exactly one of `min` and `max`, inside the metric's range (a
///   proportion in [0, 1]; a count a whole number ≥ 0) and no `margin`;
/// - a baseline criterion (`baseline: non_inferior`) has a `margin` ≥ 0 (≤ 1 for a metric in
///   [0, 1]), no `min`, `max` or `use`, and a metric with a direction;
/// - `use: ci_upper_exact` only on `emergency_undertriage_rate`; `ci_lower` and `ci_upper` only on
///   a metric with an interval;
/// - `min_n` a whole number ≥ 1; `severity` `blocking` or `warning`;
/// - no id, metric, scope or word holds an invisible format character (an error naming it, with a
///   "did you mean" for the value without it).
///
/// It warns about a `min` on a lower-is-better metric, a `max` on a higher-is-better one, and the
/// lenient bound (`max` with `ci_lower` on a lower-is-better metric, `min` with `ci_upper` on a
/// higher-is-better one).
struct CriterionParser {
    /// The criterion's node.
    let node: SourceNode
    /// The criterion's path, `criteria[3]`.
    let path: FieldPath
    /// The `id` value, once read, for the loader's duplicate check.
    private(set) var idNode: SourceNode?

    static let requiredKeys = ["id", "metric"]
    static let optionalKeys = ["scope", "min", "max", "use", "min_n", "severity", "baseline", "margin", "waivable"]

    init(node: SourceNode, path: FieldPath) {
        self.node = node
        self.path = path
    }

    /// Reads the criterion; `nil` when a required part is missing or wrong (the errors are in
    /// `reader`). A criterion can be returned with errors reported about it too: the loader
    /// rejects the policy whenever there is any error.
    mutating func read(reader: inout DocumentReader) -> Criterion? {
        guard
            let mapping = reader.mapping(node, at: path, required: Self.requiredKeys, optional: Self.optionalKeys)
        else { return nil }

        let id = readID(mapping, reader: &reader)
        let definition = readMetric(mapping, reader: &reader)
        var scope = Scope.all
        if let scopeNode = mapping["scope"],
            let text = reader.identifier(scopeNode, at: mapping.path("scope"), accepting: Self.isScope)
        {
            switch Scope.parse(text) {
            case .success(let parsed): scope = parsed
            case .failure(let error): reader.error(error.message, at: scopeNode, field: mapping.path("scope"))
            }
        }
        let severity = reader.oneOf(mapping, "severity", as: CriterionSeverity.self) ?? .blocking
        let minN = mapping["min_n"].flatMap { wholeNumber($0, at: mapping.path("min_n"), atLeast: 1, reader: &reader) }
        let baseline = reader.oneOf(mapping, "baseline", as: BaselineRule.self)
        let use = reader.oneOf(mapping, "use", as: BoundUse.self)
        let minimum = reader.number(mapping, "min")
        let maximum = reader.number(mapping, "max")
        let margin = reader.number(mapping, "margin")
        let waivable = reader.bool(mapping, "waivable")

        let threshold: Criterion.Threshold?
        let resolvedUse: BoundUse
        if mapping.contains("baseline") {
            threshold = nil
            resolvedUse = checkBaseline(mapping, definition: definition, margin: margin, reader: &reader)
        } else {
            threshold = checkThreshold(
                mapping, definition: definition, minimum: minimum, maximum: maximum, reader: &reader)
            resolvedUse = use ?? .point
            if let use, let definition, let threshold {
                checkUse(use, mapping, definition: definition, threshold: threshold, reader: &reader)
            }
        }

        guard let id, let definition else { return nil }
        return Criterion(
            id: id, metric: definition.id, scope: scope, threshold: threshold, use: resolvedUse, minN: minN,
            severity: severity, baseline: baseline, margin: margin, waivable: waivable, line: node.line)
    }

    // MARK: Fields

    private mutating func readID(_ mapping: Mapping, reader: inout DocumentReader) -> String? {
        guard let idNode = mapping["id"],
            let id = reader.identifier(idNode, at: mapping.path("id"), accepting: Identifiers.isCode)
        else { return nil }
        guard Identifiers.isCode(id) else {
            reader.error(
                "expected a criterion id [A-Za-z0-9._-]+ (it is the JUnit test name), found \(quoted(id))", at: idNode,
                field: mapping.path("id"))
            return nil
        }
        guard id != Criterion.approvalID else {
            reader.error(
                "the criterion id \(quoted(id)) is reserved for the policy's approval requirement (top-level 'approval:'); choose another id",
                at: idNode, field: mapping.path("id"))
            return nil
        }
        self.idNode = idNode
        return id
    }

    private func readMetric(_ mapping: Mapping, reader: inout DocumentReader) -> MetricDefinition? {
        guard let metricNode = mapping["metric"],
            let metric = reader.identifier(
                metricNode, at: mapping.path("metric"), accepting: { MetricRegistry.definition(for: $0) != nil })
        else { return nil }
        if let definition = MetricRegistry.definition(for: metric) { return definition }
        var message = "unknown metric \(quoted(metric))"
        if let suggestion = MetricRegistry.suggestion(for: metric) {
            message += "; did you mean \(quoted(suggestion))?"
        } else {
            message += ";"
        }
        message += " known metrics: \(MetricRegistry.ids.joined(separator: ", "))"
        reader.error(message, at: metricNode, field: mapping.path("metric"))
        return nil
    }

    // MARK: Threshold criteria

    private func checkThreshold(
        _ mapping: Mapping, definition: MetricDefinition?, minimum: Double?, maximum: Double?,
        reader: inout DocumentReader
    ) -> Criterion.Threshold? {
        if mapping.contains("margin") {
            error(
                "margin applies only to a baseline criterion; add baseline: non_inferior or remove margin",
                atKey: "margin", mapping, reader: &reader)
        }
        switch (mapping.contains("min"), mapping.contains("max")) {
        case (true, true):
            error("a criterion takes min or max, not both", atKey: "max", mapping, reader: &reader)
            return nil
        case (false, false):
            reader.error(
                "a criterion needs a threshold, min or max, or baseline: non_inferior with a margin", at: node,
                field: path)
            return nil
        default:
            break
        }
        let key = mapping.contains("min") ? "min" : "max"
        guard let value = minimum ?? maximum, let definition, let valueNode = mapping[key] else { return nil }
        guard checkValue(value, of: valueNode, at: mapping.path(key), definition: definition, reader: &reader) else {
            return nil
        }
        switch (key, definition.direction) {
        case ("min", .lowerIsBetter):
            warning("\(definition.id) is lower-is-better: did you mean max?", atKey: key, mapping, reader: &reader)
        case ("max", .higherIsBetter):
            warning("\(definition.id) is higher-is-better: did you mean min?", atKey: key, mapping, reader: &reader)
        default:
            break
        }
        return key == "min" ? .min(value) : .max(value)
    }

    /// Checks a threshold against the metric's range; reports and returns false when it is outside.
    private func checkValue(
        _ value: Double, of valueNode: SourceNode, at fieldPath: FieldPath, definition: MetricDefinition,
        reader: inout DocumentReader
    ) -> Bool {
        let literal = Self.literal(of: valueNode)
        if definition.isWholeNumber {
            guard value >= 0, value.rounded() == value else {
                reader.error("expected a whole number of at least 0, found \(literal)", at: valueNode, field: fieldPath)
                return false
            }
            return true
        }
        guard let range = definition.valueRange, !range.contains(value) else { return true }
        let message: String
        if range.upperBound.isInfinite {
            message = "expected a threshold of at least \(Self.format(range.lowerBound)), found \(literal)"
        } else if definition.kind == .proportion {
            message = "expected a proportion threshold in \(Self.format(range)), found \(literal)"
                + Self.percentHint(value)
        } else {
            message = "expected a threshold in \(Self.format(range)), the range of \(definition.id), found \(literal)"
        }
        reader.error(message, at: valueNode, field: fieldPath)
        return false
    }

    private func checkUse(
        _ use: BoundUse, _ mapping: Mapping, definition: MetricDefinition, threshold: Criterion.Threshold,
        reader: inout DocumentReader
    ) {
        guard let useNode = mapping["use"] else { return }
        switch use {
        case .point:
            return
        case .ciUpperExact:
            if !definition.hasExactUpperBound {
                let exact = MetricRegistry.all.filter(\.hasExactUpperBound).map(\.id).joined(separator: ", ")
                let accepted = definition.hasInterval ? "point, ci_lower or ci_upper" : "point"
                reader.error(
                    "ci_upper_exact exists only for \(exact); expected \(accepted)", at: useNode,
                    field: mapping.path("use"))
                return
            }
        case .ciLower, .ciUpper:
            if !definition.hasInterval {
                reader.error(
                    "\(definition.id) has no confidence interval; use point", at: useNode, field: mapping.path("use"))
                return
            }
        }
        switch (threshold, use, definition.direction) {
        case (.max, .ciLower, .lowerIsBetter):
            reader.warning(
                "ci_lower is the lenient bound for a max on a lower-is-better metric: the criterion passes unless the whole interval lies above the threshold; did you mean ci_upper?",
                at: useNode, field: mapping.path("use"))
        case (.min, .ciUpper, .higherIsBetter):
            reader.warning(
                "ci_upper is the lenient bound for a min on a higher-is-better metric: the criterion passes unless the whole interval lies below the threshold; did you mean ci_lower?",
                at: useNode, field: mapping.path("use"))
        default:
            break
        }
    }

    // MARK: Baseline criteria

    /// Checks a baseline criterion and returns the bound that decides it.
    private func checkBaseline(
        _ mapping: Mapping, definition: MetricDefinition?, margin: Double?, reader: inout DocumentReader
    ) -> BoundUse {
        for key in ["min", "max"] where mapping.contains(key) {
            error("a baseline criterion takes a margin, not min or max", atKey: key, mapping, reader: &reader)
        }
        let decidingBound: BoundUse = definition?.direction == .lowerIsBetter ? .ciUpper : .ciLower
        if mapping.contains("use") {
            let bound = decidingBound == .ciUpper ? "upper" : "lower"
            let which = definition?.isComparable == true ? "the \(bound) bound" : "a bound"
            error(
                "use does not apply to a baseline criterion: it is decided by \(which) of the 95% interval of the difference from the baseline",
                atKey: "use", mapping, reader: &reader)
        }
        if let definition, !definition.isComparable {
            error(
                "\(definition.id) has no better direction, so it cannot be compared with a baseline",
                atKey: "baseline", mapping, reader: &reader)
        }
        guard let marginNode = mapping["margin"] else {
            reader.error(
                "a baseline criterion needs a margin, the largest worsening accepted, such as margin: 0.02", at: node,
                field: mapping.path("margin"))
            return decidingBound
        }
        guard let margin else { return decidingBound }
        let literal = Self.literal(of: marginNode)
        let marginPath = mapping.path("margin")
        if margin < 0 {
            reader.error("expected a margin of at least 0, found \(literal)", at: marginNode, field: marginPath)
        } else if let definition, definition.isWholeNumber, margin.rounded() != margin {
            reader.error("expected a whole number of at least 0, found \(literal)", at: marginNode, field: marginPath)
        } else if let definition, let range = definition.valueRange, range.upperBound.isFinite,
            margin > range.upperBound - range.lowerBound
        {
            let width = Self.format(0...(range.upperBound - range.lowerBound))
            if definition.kind == .proportion {
                reader.error("expected a proportion margin in \(width), found \(literal)", at: marginNode, field: marginPath)
            } else {
                reader.error(
                    "expected a margin in \(width), the range of \(definition.id), found \(literal)", at: marginNode,
                    field: marginPath)
            }
        }
        return decidingBound
    }

    // MARK: Helpers

    /// Whether `text` is a valid scope.
    private static func isScope(_ text: String) -> Bool {
        if case .success = Scope.parse(text) { return true }
        return false
    }

    /// A whole number ≥ `atLeast`.
    private func wholeNumber(
        _ valueNode: SourceNode, at fieldPath: FieldPath, atLeast minimum: Int, reader: inout DocumentReader
    ) -> Int? {
        guard reader.number(valueNode, at: fieldPath) != nil else { return nil }
        guard case .number(let number) = valueNode.value, let whole = number.exactInteger, whole >= minimum else {
            reader.error(
                "expected a whole number of at least \(minimum), found \(Self.literal(of: valueNode))", at: valueNode,
                field: fieldPath)
            return nil
        }
        return whole
    }

    /// An error about a key that does not belong, at the key.
    private func error(_ message: String, atKey key: String, _ mapping: Mapping, reader: inout DocumentReader) {
        reader.diagnostics.error(message, at: keyLocation(key, mapping, file: reader.file), field: mapping.path(key))
    }

    /// A warning about a key, at the key.
    private func warning(_ message: String, atKey key: String, _ mapping: Mapping, reader: inout DocumentReader) {
        reader.diagnostics.warning(message, at: keyLocation(key, mapping, file: reader.file), field: mapping.path(key))
    }

    private func keyLocation(_ key: String, _ mapping: Mapping, file: String) -> InputLocation {
        guard let member = mapping.members.first(where: { $0.key == key }) else {
            return InputLocation(file: file, line: mapping.node.line, column: mapping.node.column)
        }
        return InputLocation(file: file, line: member.line, column: member.column)
    }

    private static func literal(of node: SourceNode) -> String {
        if case .number(let number) = node.value { return number.literal }
        return node.kindDescription
    }

    /// `; write 80% as 0.8` for a whole number that looks like a percentage.
    private static func percentHint(_ value: Double) -> String {
        guard value.rounded() == value, (2...100).contains(value) else { return "" }
        return "; write \(format(value))% as \(value / 100)"
    }

    static func format(_ value: Double) -> String {
        if let whole = SourceNode.Number(value: value, literal: "").exactInteger { return "\(whole)" }
        return "\(value)"
    }

    static func format(_ range: ClosedRange<Double>) -> String {
        "[\(format(range.lowerBound)), \(format(range.upperBound))]"
    }
}
