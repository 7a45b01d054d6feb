import ClinvalCore
import ClinvalMetrics

/// Reads and checks a gate policy file (docs/gate-policy.md), reporting every problem in one pass.
///
/// ```swift
/// var diagnostics = DiagnosticList()
/// guard let policy = GatePolicyLoader.load("workflows/release-gate.yaml", diagnostics: &diagnostics) else {
///     throw InvalidInputError(diagnostics)
/// }
/// ```
///
/// The checks:
/// - top level: `gate` (required, a slug), `criteria` (required, a non-empty list), `bootstrap`
///   (optional: `resamples` a whole number from 100 to 100000, default 1000; `seed` a whole number
///   from 0 to 2^53, default 20261129), `first_run` (`pass` or `fail`, default `fail`), `labels`
///   (`as-labelled` or `adjudicated`), `approval` (`signatures` from 1 to 20, default 1, and a
///   non-empty list of `roles`); any other key is an error with a "did you mean";
/// - each criterion: see ``CriterionParser`` (unique ids, known metrics, valid scopes, one kind of
///   threshold, numbers in the metric's range, bounds the metric has).
///
/// Warnings do not stop a policy from loading: a `min` on a lower-is-better metric (or `max` on a
/// higher-is-better one), a lenient bound (`max` with `use: ci_lower` on a lower-is-better metric,
/// `min` with `use: ci_upper` on a higher-is-better one), and `first_run` in a policy without
/// baseline criteria.
public enum GatePolicyLoader {
    /// Reads the policy at `path`, adding every problem found to `diagnostics`.
    ///
    /// - Parameters:
    ///   - path: The policy file, as the user named it; diagnostics name it the same way.
    ///   - diagnostics: Receives every error and warning, in the order found.
    /// - Returns: the policy, or `nil` if any error was found (warnings alone do not stop it).
    public static func load(_ path: String, diagnostics: inout DiagnosticList) -> GatePolicy? {
        let file: SourceFile
        do {
            file = try SourceFile.read(path, limits: DocumentLimits.configuration)
        } catch {
            diagnostics.append(error.diagnostic(file: path))
            return nil
        }
        return load(file, diagnostics: &diagnostics)
    }

    /// Reads a policy from its text held in memory (the policy stored with a run), as
    /// ``load(_:diagnostics:)`` reads a file; its sha256 is that of the text's UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - text: The policy file's text.
    ///   - name: What diagnostics name it, in place of a file path.
    public static func load(text: String, name: String, diagnostics: inout DiagnosticList) -> GatePolicy? {
        let file: SourceFile
        do {
            file = try SourceFile.make(path: name, bytes: Array(text.utf8), limits: DocumentLimits.configuration)
        } catch {
            diagnostics.append(error.diagnostic(file: name))
            return nil
        }
        return load(file, diagnostics: &diagnostics)
    }

    private static func load(_ file: SourceFile, diagnostics: inout DiagnosticList) -> GatePolicy? {
        let path = file.path
        let limits = DocumentLimits.configuration
        let root: SourceNode
        do {
            root = try file.parseYAML(limits: limits)
        } catch {
            diagnostics.append(error.diagnostic(file: path))
            return nil
        }
        var reader = DocumentReader(file: path)
        var policy = read(root, reader: &reader, sha256: file.sha256)
        policy?.text = String(decoding: file.bytes, as: UTF8.self)
        // Report in file order, as compilers do (the checks find some problems out of order).
        let inFileOrder = reader.diagnostics.all.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.location?.line ?? 0, lhs.element.location?.column ?? 0, lhs.offset)
            let right = (rhs.element.location?.line ?? 0, rhs.element.location?.column ?? 0, rhs.offset)
            return left < right
        }
        diagnostics.append(contentsOf: DiagnosticList(inFileOrder.map(\.element)))
        return reader.diagnostics.hasErrors ? nil : policy
    }

    /// Reads a parsed policy document.
    static func read(_ root: SourceNode, reader: inout DocumentReader, sha256: String) -> GatePolicy? {
        guard
            let mapping = reader.mapping(
                root, at: .root, required: ["gate", "criteria"], optional: ["bootstrap", "first_run", "labels", "approval"])
        else { return nil }

        var gate: String?
        if let node = mapping["gate"],
            let text = reader.identifier(node, at: mapping.path("gate"), accepting: Identifiers.isSlug)
        {
            if Identifiers.isSlug(text) {
                gate = text
            } else {
                reader.error(
                    "expected a gate name [a-z0-9][a-z0-9-]*, such as release, found \(quoted(text))", at: node,
                    field: mapping.path("gate"))
            }
        }

        let bootstrap = mapping["bootstrap"].flatMap { readBootstrap($0, at: mapping.path("bootstrap"), reader: &reader) }
        let firstRun = reader.oneOf(mapping, "first_run", as: FirstRunRule.self)
        let labels = reader.oneOf(mapping, "labels", as: LabelsMode.self)
        let approval = mapping["approval"].flatMap { readApproval($0, at: mapping.path("approval"), reader: &reader) }

        var criteria: [Criterion] = []
        if let node = mapping["criteria"], let elements = reader.array(node, at: mapping.path("criteria")) {
            if elements.isEmpty {
                reader.error("a policy needs at least one criterion", at: node, field: mapping.path("criteria"))
            }
            var firstLines: [String: Int] = [:]
            for (index, element) in elements.enumerated() {
                var parser = CriterionParser(node: element, path: mapping.path("criteria").appending(index))
                guard let criterion = parser.read(reader: &reader) else { continue }
                if let first = firstLines[criterion.id], let idNode = parser.idNode {
                    reader.error(
                        "duplicate criterion id \(quoted(criterion.id)); first used on line \(first)", at: idNode,
                        field: parser.path.appending("id"))
                } else {
                    firstLines[criterion.id] = parser.idNode?.line ?? criterion.line
                    criteria.append(criterion)
                }
            }
        }

        if let node = mapping["first_run"], firstRun != nil, !criteria.isEmpty,
            !criteria.contains(where: { $0.baseline != nil })
        {
            reader.warning(
                "first_run has no effect: no criterion compares with a baseline", at: node,
                field: mapping.path("first_run"))
        }

        guard let gate, !criteria.isEmpty else { return nil }
        return GatePolicy(
            gate: gate, bootstrap: bootstrap ?? .default, firstRun: firstRun ?? .fail, criteria: criteria,
            labels: labels, approval: approval, file: reader.file, sha256: sha256)
    }

    private static func readBootstrap(
        _ node: SourceNode, at path: FieldPath, reader: inout DocumentReader
    ) -> BootstrapSettings? {
        guard let mapping = reader.mapping(node, at: path, required: [], optional: ["resamples", "seed"]) else {
            return nil
        }
        var settings = BootstrapSettings.default
        if let node = mapping["resamples"] {
            guard let resamples = reader.integer(node, at: mapping.path("resamples"), in: BootstrapSettings.resampleLimits)
            else { return nil }
            settings.resamples = resamples
        }
        if let node = mapping["seed"] {
            guard let seed = readSeed(node, at: mapping.path("seed"), reader: &reader) else { return nil }
            settings.seed = seed
        }
        return settings
    }

    /// `approval: {signatures: N, roles: [ROLE, ...]}`: N from 1 to 20 (default 1), at least one
    /// role, each a slug, none twice.
    private static func readApproval(
        _ node: SourceNode, at path: FieldPath, reader: inout DocumentReader
    ) -> ApprovalRequirement? {
        guard let mapping = reader.mapping(node, at: path, required: ["roles"], optional: ["signatures"]) else {
            return nil
        }
        var signatures = 1
        if let node = mapping["signatures"] {
            guard
                let count = reader.integer(
                    node, at: mapping.path("signatures"), in: ApprovalRequirement.signatureLimits)
            else { return nil }
            signatures = count
        }
        guard let listed = reader.stringList(mapping, "roles") else { return nil }
        if listed.isEmpty, let rolesNode = mapping["roles"] {
            reader.error("an approval needs at least one role, such as clinical-safety-officer", at: rolesNode, field: mapping.path("roles"))
            return nil
        }
        var roles: [String] = []
        for (index, item) in listed.enumerated() {
            let field = mapping.path("roles").appending(index)
            guard Identifiers.isSlug(item.text) else {
                reader.error(
                    "expected a role [a-z0-9][a-z0-9-]*, such as clinical-safety-officer, found \(quoted(item.text))",
                    at: item.node, field: field)
                return nil
            }
            guard !roles.contains(item.text) else {
                reader.error("the role \(quoted(item.text)) is listed twice", at: item.node, field: field)
                return nil
            }
            roles.append(item.text)
        }
        return ApprovalRequirement(signatures: signatures, roles: roles)
    }

    /// A whole number from 0 to 2^53, checked on the literal where it is plain digits (a double
    /// cannot tell 2^53 + 1 from 2^53).
    private static func readSeed(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> UInt64? {
        guard let value = reader.number(node, at: path), case .number(let number) = node.value else { return nil }
        let maximum = BootstrapSettings.maxSeed
        var seed: UInt64?
        if !number.literal.isEmpty, number.literal.utf8.allSatisfy({ (48...57).contains($0) }) {
            seed = UInt64(number.literal).flatMap { $0 <= maximum ? $0 : nil }
        } else if value.rounded() == value, value >= 0, value <= Double(maximum) {
            seed = UInt64(value)
        }
        guard let seed else {
            reader.error(
                "expected a whole number from 0 to \(maximum) (2^53), found \(number.literal)", at: node, field: path)
            return nil
        }
        return seed
    }
}
