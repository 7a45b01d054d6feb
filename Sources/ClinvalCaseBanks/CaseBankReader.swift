import ClinvalCore

/// Reads a bank one vignette at a time, checking everything and collecting a diagnostic for each
/// problem, so that a run can stream a large JSON Lines bank without holding its vignettes.
///
/// JSON Lines banks are read line by line in constant memory (plus the set of ids seen, to find
/// repeats); the header is read when the reader is created. YAML banks are parsed whole when the
/// reader is created (up to ``DocumentLimits/caseBank``), and their vignettes are then checked
/// and handed out one at a time.
///
/// ```swift
/// let reader = CaseBankReader(path: "casebanks/synthetic.jsonl")
/// guard let header = reader.header else { /* reader.diagnostics says why */ }
/// for vignette in reader { score(vignette) }
/// let sha256 = reader.finish()
/// if reader.diagnostics.hasErrors { /* the bank is invalid */ }
/// ```
///
/// JSON Lines: the first non-blank line is the header object (the YAML top-level keys except
/// `vignettes`); every further non-blank line is one vignette object, and blank lines are
/// skipped. A line that cannot be read (too long, invalid UTF-8, bad JSON) gives one error and
/// reading goes on with the next line. Vignette field paths are `vignettes[i]`, where `i` counts
/// the vignette lines from 0, so a bank gives the same paths in both formats.
///
/// - Important: A vignette with an error is reported and skipped: ``next()`` only returns valid
///   vignettes. A bank is valid only if ``diagnostics`` has no error once the whole file was read.
public final class CaseBankReader: Sequence, IteratorProtocol {
    /// The file, as the user named it.
    public let file: String
    /// The format, by the file's extension; `nil` for an extension that is not a bank's.
    public let format: CaseBankFormat?
    /// The header, if it was read without error.
    public private(set) var header: CaseBankHeader?
    /// Every problem found so far, in the order found.
    public private(set) var diagnostics = DiagnosticList()
    /// How many vignette entries were read so far, valid or not.
    public private(set) var vignetteCount = 0

    private let limits = DocumentLimits.caseBank
    private var parser = VignetteParser()
    // YAML: the vignette nodes of the parsed document and the digest of the whole file.
    private var yamlVignettes: [SourceNode] = []
    private var yamlPosition = 0
    private var yamlSHA256: String?
    // JSON Lines: the open file, and where its header stood.
    private var lines: LineReader?
    private var headerLine: Int?
    private var stopped = false
    private var digest: String?
    private var finished = false

    /// Opens a bank and reads its header (for YAML, the whole document).
    ///
    /// Never throws: a file that cannot be opened or parsed leaves an error in ``diagnostics``,
    /// ``header`` `nil`, and ``next()`` returning `nil`.
    public init(path: String) {
        file = path
        format = CaseBankFormat(path: path)
        switch format {
        case .yaml:
            openYAML()
        case .jsonLines:
            openJSONLines()
        case nil:
            let accepted = CaseBankFormat.acceptedExtensions
            diagnostics.error(
                "not a bank file: a bank's name ends in \(accepted.dropLast().joined(separator: ", ")) or \(accepted.last ?? "")",
                at: InputLocation(file: path))
        }
    }

    /// The next valid vignette, or `nil` at the end of the bank.
    ///
    /// Vignettes with errors are skipped after their diagnostics are recorded.
    public func next() -> Vignette? {
        while !stopped && !finished {
            if lines != nil {
                if let vignette = nextJSONLinesVignette() { return vignette }
            } else {
                guard yamlPosition < yamlVignettes.count else {
                    stopped = true
                    break
                }
                let node = yamlVignettes[yamlPosition]
                yamlPosition += 1
                vignetteCount += 1
                if let vignette = parseVignette(node, index: vignetteCount - 1) { return vignette }
            }
        }
        return nil
    }

    /// Reads the rest of the file without checking it and returns the SHA-256 of all its bytes
    /// (64 lowercase hex digits), or `nil` if the file could not be read.
    ///
    /// Call it after the last vignette wanted; ``next()`` returns `nil` afterwards. Calling it
    /// again returns the same digest.
    public func finish() -> String? {
        if finished { return digest }
        finished = true
        reportUnlistedMissingSummaries()
        if let lines {
            do {
                digest = try lines.finish()
            } catch {
                diagnostics.append(error.diagnostic(file: file))
            }
            self.lines = nil
        } else {
            digest = yamlSHA256
        }
        yamlVignettes = []
        return digest
    }

    // MARK: YAML

    private func openYAML() {
        let root: SourceNode
        do {
            let source = try SourceFile.read(file, limits: limits)
            yamlSHA256 = source.sha256
            root = try source.parseYAML(limits: limits)
        } catch {
            diagnostics.append(error.diagnostic(file: file))
            stopped = true
            return
        }
        var reader = DocumentReader(file: file)
        let (header, vignettes) = HeaderParser.parseYAMLRoot(root, reader: &reader)
        diagnostics.append(contentsOf: reader.diagnostics)
        self.header = header
        yamlVignettes = vignettes ?? []
    }

    // MARK: JSON Lines

    /// What one line of a JSON Lines bank holds.
    private enum LineContent {
        case blank
        case unreadable
        case value(SourceNode)
    }

    private func openJSONLines() {
        do {
            lines = try LineReader(path: file, maxLineBytes: limits.maxLineBytes ?? Int.max)
        } catch {
            diagnostics.append(error.diagnostic(file: file))
            stopped = true
            return
        }
        while !stopped, let line = nextLine() {
            let content = read(line)
            if case .blank = content { continue }
            headerLine = line.number
            if case .value(let node) = content {
                var reader = DocumentReader(file: file)
                header = HeaderParser.parseJSONLinesHeader(node, reader: &reader)
                diagnostics.append(contentsOf: reader.diagnostics)
            }
            return
        }
        if !stopped {
            diagnostics.error(
                "file is empty: expected the bank header object on the first line",
                at: InputLocation(file: file, line: 1, column: 1))
            stopped = true
        }
    }

    private func nextJSONLinesVignette() -> Vignette? {
        guard let line = nextLine() else {
            stopped = true
            if let headerLine, vignetteCount == 0 {
                diagnostics.error(
                    "the bank has no vignettes; write one vignette object per line after the header",
                    at: InputLocation(file: file, line: headerLine, column: 1), field: FieldPath.root.appending("vignettes"))
            }
            return nil
        }
        let content = read(line)
        if case .blank = content { return nil }
        vignetteCount += 1
        guard case .value(let node) = content else { return nil }
        return parseVignette(node, index: vignetteCount - 1)
    }

    /// The next line, or `nil` at the end of the file or after a read error (recorded).
    private func nextLine() -> LineReader.Line? {
        guard let lines else { return nil }
        do {
            return try lines.next()
        } catch {
            diagnostics.append(error.diagnostic(file: file))
            stopped = true
            return nil
        }
    }

    /// Checks one line's bytes and parses its JSON, recording any problem.
    private func read(_ line: LineReader.Line) -> LineContent {
        let location = { (column: Int) in InputLocation(file: self.file, line: line.number, column: column) }
        guard case .bytes(var bytes) = line.content else {
            if case .tooLong(let byteCount) = line.content {
                let limit = limits.maxLineBytes ?? Int.max
                diagnostics.error(
                    "line is \(byteCount.byteCountDescription) long, over the \(limit.byteCountDescription) limit; it was not read",
                    at: location(1))
            }
            return .unreadable
        }
        if line.number == 1 {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                diagnostics.error(
                    "file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM", at: location(1))
                bytes.removeFirst(3)
            } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
                || (bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0))
            {
                diagnostics.error("file is UTF-16 or UTF-32 text; save it as UTF-8", at: location(1))
                stopped = true
                return .unreadable
            }
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
        if let offset = TextInput.firstInvalidUTF8(in: bytes) {
            let column = TextInput.position(of: offset, in: bytes).column
            diagnostics.error(
                "invalid UTF-8 (byte 0x\(Self.hex(bytes[offset]))); save the file as UTF-8", at: location(column))
            return .unreadable
        }
        do {
            return .value(try JSONDocumentParser.parse(bytes, firstLine: line.number, maxDepth: limits.maxDepth))
        } catch {
            diagnostics.append(error.diagnostic(file: file))
            return .unreadable
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    // MARK: Vignettes

    private func parseVignette(_ node: SourceNode, index: Int) -> Vignette? {
        var reader = DocumentReader(file: file)
        let vignette = parser.parse(node, index: index, reader: &reader)
        for diagnostic in reader.diagnostics.all {
            // A generated bank may have no summaries at all: name the first few vignettes, then
            // count the rest in one line at the end, instead of one warning per vignette.
            if diagnostic.severity == .warning && diagnostic.message.hasPrefix(VignetteParser.missingSummaryMessage) {
                missingSummaries += 1
                if missingSummaries > Self.missingSummariesListed { continue }
            }
            diagnostics.append(diagnostic)
        }
        return vignette
    }

    /// How many "no summary" warnings are listed one by one before the rest are counted.
    static let missingSummariesListed = 5
    private var missingSummaries = 0

    private func reportUnlistedMissingSummaries() {
        let unlisted = missingSummaries - Self.missingSummariesListed
        guard unlisted > 0 else { return }
        diagnostics.warning(
            "\(unlisted) more \(unlisted == 1 ? "vignette has" : "vignettes have") no summary; clinicians reading the report will see only their ids",
            at: InputLocation(file: file))
    }
}
