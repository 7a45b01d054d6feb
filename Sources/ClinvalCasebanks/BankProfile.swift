import ClinvalCore

/// What the checks across files need to know of a bank, gathered while streaming it: its header
/// and identity, how many vignettes it has, and which codes, tags and diagnoses it uses (with the
/// line of each code's first use). Holds no vignette unless asked to keep those of a small bank,
/// so a bank of any size can be checked.
public struct BankProfile: Sendable, Hashable {
    /// The header.
    public var header: CasebankHeader
    /// The file, as the user named it.
    public var file: String
    /// SHA-256 of the file's bytes.
    public var sha256: String
    /// How many vignettes the bank has.
    public var vignetteCount: Int
    /// How many of them are must-pass.
    public var mustPassCount: Int
    /// Every finding code (present or absent), with the line of the first vignette using it.
    public var findingCodes: [String: Int]
    /// Every gold condition code (diagnosis, also-correct, differential), with its first line.
    public var conditionCodes: [String: Int]
    /// Every tag.
    public var tags: Set<String>
    /// Every gold diagnosis.
    public var diagnoses: Set<String>

    /// The bank's checked vignettes in bank order, when ``scan(_:parallelism:keepingUpTo:diagnostics:)``
    /// was asked to keep them and the bank has no more than that many; `nil` otherwise. A run
    /// takes them instead of reading, checking and hashing the bank a second time.
    public var vignettes: [Vignette]?

    /// How many vignettes a run keeps from its check of a bank (about 0.7 kB each in memory);
    /// a larger bank is streamed again by the runner.
    public static let keptVignetteLimit = 50_000

    /// The bank id.
    public var id: String { header.id }

    /// An empty profile for a header.
    public init(header: CasebankHeader, file: String) {
        self.header = header
        self.file = file
        sha256 = ""
        vignetteCount = 0
        mustPassCount = 0
        findingCodes = [:]
        conditionCodes = [:]
        tags = []
        diagnoses = []
    }

    /// Adds one vignette.
    public mutating func add(_ vignette: Vignette) {
        vignetteCount += 1
        if vignette.mustPass { mustPassCount += 1 }
        for code in vignette.present where findingCodes[code] == nil { findingCodes[code] = vignette.line }
        for code in vignette.absent where findingCodes[code] == nil { findingCodes[code] = vignette.line }
        for code in vignette.gold.allCodes where conditionCodes[code] == nil { conditionCodes[code] = vignette.line }
        tags.formUnion(vignette.tags)
        diagnoses.insert(vignette.gold.diagnosis)
    }

    /// Streams a bank, checking it fully, and profiles it.
    ///
    /// - Parameters:
    ///   - path: the bank.
    ///   - parallelism: how many child tasks check vignettes (see ``CasebankReader``); the result
    ///     and the diagnostics do not depend on it.
    ///   - limit: keep the vignettes in ``vignettes`` when the bank has no more than this many
    ///     (0, the default, keeps none).
    ///   - diagnostics: receives every problem of the bank.
    /// - Returns: the profile, or `nil` if the bank has errors (all of them in `diagnostics`).
    public static func scan(
        _ path: String, parallelism: Int = 1, keepingUpTo limit: Int = 0, diagnostics: inout DiagnosticList
    ) async -> BankProfile? {
        let reader = CasebankReader(path: path, parallelism: parallelism)
        var profile = reader.header.map { BankProfile(header: $0, file: path) }
        var kept: [Vignette]? = limit > 0 ? [] : nil
        while let vignette = await reader.next() {
            profile?.add(vignette)
            if kept != nil {
                if kept?.count ?? 0 < limit { kept?.append(vignette) } else { kept = nil }
            }
        }
        profile?.vignettes = kept
        let sha256 = reader.finish()
        diagnostics.append(contentsOf: reader.diagnostics)
        guard !reader.diagnostics.hasErrors, var result = profile, let sha256 else { return nil }
        result.sha256 = sha256
        return result
    }
}
