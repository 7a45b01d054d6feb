/// A vignette bank read in full: its header, its vignettes, and where it came from (docs/casebank-format.md).
///
/// Load one with ``CasebankLoader/load(_:diagnostics:)``; stream a large one with
/// ``CasebankReader``.
///
/// ```swift
/// var diagnostics = DiagnosticList()
/// if let bank = CasebankLoader.load("casebanks/red-flags.yaml", diagnostics: &diagnostics) {
///     print(bank.id, bank.vignettes.count, bank.sha256)
/// }
/// ```
public struct Casebank: Sendable, Hashable, Identifiable {
    /// The bank id (`casebank`, `[a-z0-9][a-z0-9-]*`).
    public var id: String
    /// The bank's version, as written (always text).
    public var version: String
    /// A human title, if given.
    public var title: String?
    /// The code system of the findings and conditions; must equal the model's.
    public var vocabulary: String
    /// How the vignettes were written and who labelled them (free text).
    public var source: String
    /// The curators, if given (may be empty).
    public var curators: [String]
    /// The vignettes, in file order.
    public var vignettes: [Vignette]
    /// The file, as the user named it.
    public var file: String
    /// SHA-256 over the file's bytes, 64 lowercase hex digits.
    public var sha256: String
    /// The file's format.
    public var format: CasebankFormat

    /// Creates a bank from its header and vignettes.
    public init(header: CasebankHeader, vignettes: [Vignette], file: String, sha256: String, format: CasebankFormat) {
        id = header.id
        version = header.version
        title = header.title
        vocabulary = header.vocabulary
        source = header.source
        curators = header.curators
        self.vignettes = vignettes
        self.file = file
        self.sha256 = sha256
        self.format = format
    }

    /// The bank's header fields.
    public var header: CasebankHeader {
        CasebankHeader(id: id, version: version, title: title, vocabulary: vocabulary, source: source, curators: curators)
    }
}

/// The top-level fields of a bank, without its vignettes: the YAML keys beside `vignettes`, or the
/// first line of a JSON Lines bank.
public struct CasebankHeader: Sendable, Hashable {
    /// The bank id (`casebank`, `[a-z0-9][a-z0-9-]*`).
    public var id: String
    /// The bank's version, as written (always text).
    public var version: String
    /// A human title, if given.
    public var title: String?
    /// The code system of the findings and conditions; must equal the model's.
    public var vocabulary: String
    /// How the vignettes were written and who labelled them (free text).
    public var source: String
    /// The curators, if given (may be empty).
    public var curators: [String]

    /// Creates a header.
    public init(
        id: String, version: String, title: String? = nil, vocabulary: String, source: String, curators: [String] = []
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.vocabulary = vocabulary
        self.source = source
        self.curators = curators
    }
}

/// The two file formats of a bank, told apart by the file's extension.
public enum CasebankFormat: String, Sendable, Hashable, CaseIterable {
    /// One YAML document (`.yaml` or `.yml`), curated by hand.
    case yaml
    /// JSON Lines (`.jsonl`): a header object on the first line, then one vignette object per line.
    case jsonLines = "jsonl"

    /// The extensions a bank file may have, for messages: `.yaml, .yml, .jsonl`.
    public static let acceptedExtensions = [".yaml", ".yml", ".jsonl"]

    /// The format of a bank file by its extension (ignoring case), or `nil` for any other
    /// extension.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "yaml", "yml": self = .yaml
        case "jsonl": self = .jsonLines
        default: return nil
        }
    }
}
