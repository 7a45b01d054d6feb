/// Size limits that keep hostile or broken inputs from exhausting memory or time.
///
/// Every limit is checked before the expensive step it protects: file size before reading, line
/// length before parsing a line, nesting depth while parsing, and the number of nodes that YAML
/// aliases expand to while converting (the "billion laughs" bomb).
public struct DocumentLimits: Sendable, Hashable {
    /// Largest file accepted, in bytes.
    public var maxFileBytes: Int
    /// Longest line accepted, in bytes (`nil`: no limit).
    public var maxLineBytes: Int?
    /// Deepest nesting of lists and mappings accepted.
    public var maxDepth: Int
    /// Most nodes a document may expand to, counting every alias expansion, as a multiple of its
    /// size in bytes plus a constant (a document without aliases never comes close: each node
    /// takes at least one byte).
    public var maxExpansionPerByte: Int

    /// Creates limits.
    public init(maxFileBytes: Int, maxLineBytes: Int?, maxDepth: Int = 200, maxExpansionPerByte: Int = 2) {
        self.maxFileBytes = maxFileBytes
        self.maxLineBytes = maxLineBytes
        self.maxDepth = maxDepth
        self.maxExpansionPerByte = maxExpansionPerByte
    }

    /// Vignette banks: YAML up to 64 MiB, JSON Lines of any length, 1 MiB per line.
    public static let casebank = DocumentLimits(maxFileBytes: 64 << 20, maxLineBytes: 1 << 20)
    /// Model files: up to 256 MiB, lines of any length (a minified JSON model is one line).
    public static let model = DocumentLimits(maxFileBytes: 256 << 20, maxLineBytes: nil)
    /// Policies and manifests: small hand-written YAML.
    public static let configuration = DocumentLimits(maxFileBytes: 4 << 20, maxLineBytes: 1 << 20)
}

extension Int {
    /// A byte count for messages: `812 bytes`, `3.2 MiB`.
    public var byteCountDescription: String {
        if self < 1024 { return "\(self) bytes" }
        if self < 1 << 20 { return String(format1: Double(self) / 1024) + " KiB" }
        return String(format1: Double(self) / Double(1 << 20)) + " MiB"
    }
}

extension String {
    /// A number with one decimal, independent of locale.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
