import ClinvalCore
import Foundation

/// Reads and checks an external model's manifest (docs/model-format.md), reporting every problem, and
/// computes the model's identity hash.
///
/// Keys: `model` (slug), `version`, `vocabulary` (slug), `kind` (`process` or `http`), optional
/// `description` and `labels` (`findings` and `conditions`, each a mapping of code → non-empty
/// label, for the report), then by kind:
/// - `process`: `command` (a non-empty list of non-empty strings, never a shell line), `workers`
///   (1–64, default 1), `timeout_seconds` (above 0, at most 86400, default 30);
/// - `http`: `url` (`http://` or `https://`, no user name or password), `concurrency` (1–256,
///   default 4), `timeout_seconds`, `retries` (0–10, default 2), `headers` (header name →
///   `{env: VARIABLE}`; a literal value is an error, so secrets never sit in the file).
///
/// A key of the other kind is an error that says which kind it belongs to.
public enum ManifestParser {
    /// Keys every manifest may have.
    static let commonKeys = ["model", "version", "vocabulary", "kind", "description", "labels", "timeout_seconds"]
    /// Keys only for `kind: process`.
    static let processKeys = ["command", "workers"]
    /// Keys only for `kind: http`.
    static let httpKeys = ["url", "concurrency", "retries", "headers"]
    /// The longest accepted `timeout_seconds`: one day.
    public static let maxTimeoutSeconds = 86_400.0

    /// Parses a manifest read with ``DocumentLimits/configuration``, and hashes the files its
    /// command names.
    ///
    /// - Returns: the manifest, or `nil` if any error was added to `diagnostics`.
    public static func parse(_ source: SourceFile, diagnostics: inout DiagnosticList) -> ExternalModelManifest? {
        parse(bytes: source.bytes, file: source.path, diagnostics: &diagnostics)
    }

    /// Parses a manifest from its bytes; `file` names it in diagnostics, and its folder is where
    /// relative command entries are looked up for the identity hash.
    ///
    /// - Returns: the manifest, or `nil` if any error was added to `diagnostics`.
    public static func parse(
        bytes: [UInt8], file: String, diagnostics: inout DiagnosticList
    ) -> ExternalModelManifest? {
        let limits = DocumentLimits.configuration
        let root: SourceNode
        do {
            try TextInput.check(bytes, limits: limits)
            root = try YAMLDocumentParser.parse(bytes, limits: limits)
        } catch {
            diagnostics.append(error.diagnostic(file: file))
            return nil
        }
        var reader = DocumentReader(file: file)
        let manifest = read(root, bytes: bytes, reader: &reader)
        diagnostics.append(contentsOf: reader.diagnostics)
        return reader.diagnostics.hasErrors ? nil : manifest
    }

    /// The folder of `file` (`.` for a bare name).
    static func folder(of file: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    private static func read(
        _ root: SourceNode, bytes: [UInt8], reader: inout DocumentReader
    ) -> ExternalModelManifest? {
        guard
            let top = reader.mapping(
                root, at: .root, required: ["model", "version", "vocabulary", "kind"],
                optional: commonKeys.filter { !["model", "version", "vocabulary", "kind"].contains($0) } + processKeys
                    + httpKeys)
        else { return nil }
        let name = reader.slug(top, "model")
        let version = reader.nonEmptyString(top, "version")
        let vocabulary = reader.slug(top, "vocabulary")
        let description = reader.string(top, "description")
        let labels = top["labels"].flatMap { readLabels($0, at: top.path("labels"), reader: &reader) }
        let kind = reader.oneOf(top, "kind", as: ExternalKind.self)
        let timeout = top["timeout_seconds"].flatMap {
            reader.number(
                $0, at: top.path("timeout_seconds"),
                expected: "a number of seconds above 0 and at most \(Int(maxTimeoutSeconds))"
            ) { $0 > 0 && $0 <= maxTimeoutSeconds }
        }
        let folder = folder(of: reader.file)
        let transport: ExternalModelManifest.Transport?
        var identity: (sha256: String, hashedFiles: [String])?
        switch kind {
        case .process:
            rejectKeys(httpKeys, of: "http", in: top, reader: &reader)
            let command = readCommand(top, folder: folder, reader: &reader)
            let workers = reader.integer(top, "workers", in: 1...ProcessSettings.maxWorkers)
            if let command {
                do {
                    identity = try ModelIdentity.manifestSHA256(manifestBytes: bytes, command: command, folder: folder)
                } catch {
                    reader.diagnostics.error(error.message, at: top["command"].map(reader.location(of:)), field: top.path("command"))
                }
                transport = .process(
                    ProcessSettings(
                        command: command, workers: workers ?? ProcessSettings.defaultWorkers,
                        timeoutSeconds: timeout ?? ProcessSettings.defaultTimeoutSeconds))
            } else {
                transport = nil
            }
        case .http:
            rejectKeys(processKeys, of: "process", in: top, reader: &reader)
            let url = top["url"].flatMap { readURL($0, at: top.path("url"), reader: &reader) }
            if top["url"] == nil {
                reader.error("missing required field; kind: http needs the endpoint's url", at: root, field: top.path("url"))
            }
            let concurrency = reader.integer(top, "concurrency", in: 1...HTTPSettings.maxConcurrency)
            let retries = reader.integer(top, "retries", in: 0...HTTPSettings.maxRetries)
            let headers = top["headers"].flatMap { readHeaders($0, at: top.path("headers"), reader: &reader) }
            identity = (SHA256.hex(of: bytes), [])
            if let url {
                transport = .http(
                    HTTPSettings(
                        url: url, concurrency: concurrency ?? HTTPSettings.defaultConcurrency,
                        timeoutSeconds: timeout ?? HTTPSettings.defaultTimeoutSeconds,
                        retries: retries ?? HTTPSettings.defaultRetries, headers: headers ?? []))
            } else {
                transport = nil
            }
        case nil:
            transport = nil
        }
        guard let name, let version, let vocabulary, let transport, let identity else { return nil }
        return ExternalModelManifest(
            name: name, version: version, vocabulary: vocabulary, description: description, transport: transport,
            findingLabels: labels?.findings ?? [:], conditionLabels: labels?.conditions ?? [:],
            sha256: identity.sha256, hashedFiles: identity.hashedFiles, file: reader.file, folder: folder)
    }

    private enum ExternalKind: String, CaseIterable {
        case process
        case http
    }

    private static func rejectKeys(_ keys: [String], of kind: String, in mapping: Mapping, reader: inout DocumentReader) {
        for member in mapping.members where keys.contains(member.key) {
            reader.diagnostics.error(
                "only for kind: \(kind)", at: reader.location(of: member), field: mapping.path(member.key))
        }
    }

    private static func readCommand(_ top: Mapping, folder: String, reader: inout DocumentReader) -> [String]? {
        let path = top.path("command")
        guard let node = top["command"] else {
            reader.error("missing required field; kind: process needs the argv to start", at: top.node, field: path)
            return nil
        }
        if case .string = node.value {
            reader.error(
                "expected a list of arguments, such as [python3, serve.py], found a string; the command is never run through a shell",
                at: node, field: path)
            return nil
        }
        guard let elements = reader.array(node, at: path) else { return nil }
        if elements.isEmpty {
            reader.error("must not be empty; give the program and its arguments", at: node, field: path)
            return nil
        }
        var command: [String] = []
        for (position, element) in elements.enumerated() {
            if let text = reader.string(element, at: path.appending(position)) {
                if text.isEmpty {
                    reader.error("must not be empty", at: element, field: path.appending(position))
                }
                command.append(text)
            }
        }
        guard command.count == elements.count, !command.contains(where: \.isEmpty) else { return nil }
        if let program = command.first, program.contains("/"),
            !FileManager.default.fileExists(atPath: ModelIdentity.resolve(program, in: folder))
        {
            reader.warning(
                "\(quoted(program)) does not exist relative to the manifest's folder, where the model starts",
                at: elements[0], field: path.appending(0))
        }
        return command
    }

    /// `labels: {findings: {CODE: label}, conditions: {CODE: label}}`: codes as keys, each label a
    /// non-empty string.
    private static func readLabels(
        _ node: SourceNode, at path: FieldPath, reader: inout DocumentReader
    ) -> (findings: [String: String], conditions: [String: String])? {
        guard let mapping = reader.mapping(node, at: path, required: [], optional: ["findings", "conditions"]) else {
            return nil
        }
        func read(_ key: String, reader: inout DocumentReader) -> [String: String] {
            guard let node = mapping[key] else { return [:] }
            let listPath = mapping.path(key)
            guard let members = reader.members(node, at: listPath, accepting: Identifiers.isCode) else { return [:] }
            var labels: [String: String] = [:]
            for member in members {
                let memberPath = listPath.appending(member.key)
                guard Identifiers.isCode(member.key) else {
                    reader.diagnostics.error(
                        "expected a code ([A-Za-z0-9._-]+), found \(quoted(member.key))", at: reader.location(of: member),
                        field: memberPath)
                    continue
                }
                if let label = reader.nonEmptyString(member.value, at: memberPath) { labels[member.key] = label }
            }
            return labels
        }
        return (read("findings", reader: &reader), read("conditions", reader: &reader))
    }

    private static func readURL(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> URL? {
        guard let text = reader.identifier(node, at: path, accepting: { URLComponents(string: $0)?.host != nil })
        else { return nil }
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty,
            let url = components.url
        else {
            reader.error("expected an http:// or https:// URL with a host, found \(quoted(text))", at: node, field: path)
            return nil
        }
        if components.user != nil || components.password != nil {
            reader.error(
                "the URL must not carry a user name or password; send credentials in headers, as {env: NAME}", at: node,
                field: path)
            return nil
        }
        return url
    }

    private static func readHeaders(_ node: SourceNode, at path: FieldPath, reader: inout DocumentReader) -> [HeaderSource]? {
        guard let members = reader.members(node, at: path, accepting: isToken) else { return nil }
        var headers: [HeaderSource] = []
        var firstLine: [String: Int] = [:]
        for member in members {
            let headerPath = path.appending(member.key)
            var valid = true
            if !isToken(member.key) {
                reader.diagnostics.error(
                    "invalid header name; use letters, digits and !#$%&'*+-.^_`|~", at: reader.location(of: member),
                    field: headerPath)
                valid = false
            } else if let first = firstLine[member.key.lowercased()] {
                reader.diagnostics.error(
                    "duplicate header (names ignore case); first given on line \(first)", at: reader.location(of: member),
                    field: headerPath)
                valid = false
            } else {
                firstLine[member.key.lowercased()] = member.line
            }
            let variable: String?
            switch member.value.value {
            case .string, .number, .bool:
                // Never echo the value: it may be a secret.
                reader.error(
                    "a header value is never written in the manifest; write {env: NAME} and set the environment variable NAME",
                    at: member.value, field: headerPath)
                variable = nil
            default:
                if let source = reader.mapping(member.value, at: headerPath, required: ["env"], optional: []),
                    let envNode = source["env"],
                    let name = reader.identifier(envNode, at: source.path("env"), accepting: isEnvironmentName)
                {
                    if isEnvironmentName(name) {
                        variable = name
                    } else {
                        reader.error(
                            "expected an environment variable name ([A-Za-z_][A-Za-z0-9_]*), found \(quoted(name))",
                            at: envNode, field: source.path("env"))
                        variable = nil
                    }
                } else {
                    variable = nil
                }
            }
            if valid, let variable {
                headers.append(HeaderSource(name: member.key, environmentVariable: variable))
            }
        }
        return headers
    }

    /// Whether `text` is an HTTP token (RFC 9110 `tchar`s, at least one).
    static func isToken(_ text: String) -> Bool {
        let symbols = Set("!#$%&'*+-.^_`|~".utf8)
        return !text.isEmpty
            && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || symbols.contains(byte)
            }
    }

    /// Whether `text` is a portable environment variable name: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isEnvironmentName(_ text: String) -> Bool {
        guard let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }
}
