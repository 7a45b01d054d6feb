import ClinvalCore

/// Reads a bank one vignette at a time, checking everything and collecting a diagnostic for each
/// problem, so that a run can stream a large JSON Lines bank without holding its vignettes.
///
/// JSON Lines banks are read line by line in constant memory (plus the set of ids seen, to find
/// repeats); the header is read when the reader is created. YAML banks are parsed whole when the
/// reader is created (up to ``DocumentLimits/casebank``), and their vignettes are then checked
/// and handed out one at a time.
///
/// ```swift
/// let reader = CasebankReader(path: "casebanks/synthetic.jsonl")
/// guard let header = reader.header else { /* reader.diagnostics says why */ }
/// for vignette in reader { score(vignette) }
/// let sha256 = reader.finish()
/// if reader.diagnostics.hasErrors { /* the bank is invalid */ }
/// ```
///
/// Vignettes are checked a chunk at a time; with a `parallelism` above 1 the async `next()`
/// checks the vignettes of a chunk in that many child tasks, and the checks that need the whole
/// bank (repeated ids) are then made in bank order, so the diagnostics are the same, in the same
/// order, whatever the parallelism.
///
/// JSON Lines: the first non-blank line is the header object (the YAML top-level keys except
/// `vignettes`); every further non-blank line is one vignette object, and blank lines are
/// skipped. A line that cannot be read (too long, invalid UTF-8, bad JSON) gives one error and
/// reading goes on with the next line. Vignette field paths are `vignettes[i]`, where `i` counts
/// the vignette lines from 0, so a bank gives the same paths in both formats.
///
/// - Important: A vignette with an error is reported and skipped: ``next()`` only returns valid
///   vignettes. A bank is valid only if ``diagnostics`` has no error once the whole file was read.
public final class CasebankReader: Sequence, IteratorProtocol {
    /// The file, as the user named it.
    public let file: String
    /// The format, by the file's extension; `nil` for an extension that is not a bank's.
    public let format: CasebankFormat?
    /// How many child tasks check vignettes (async `next()`).
    public let parallelism: Int
    /// The header, if it was read without error.
    public private(set) var header: CasebankHeader?
    /// Every problem found so far, in the order found.
    public private(set) var diagnostics = DiagnosticList()
    /// How many vignette entries were handed out or skipped so far, valid or not.
    public private(set) var vignetteCount = 0

    /// Vignettes checked per task in one chunk.
    static let entriesPerWorker = 256

    private let limits = DocumentLimits.casebank
    private var ids = VignetteIDRegistry()
    // YAML: the vignette nodes of the parsed document and the digest of the whole file.
    private var yamlVignettes: [SourceNode] = []
    private var yamlPosition = 0
    private var yamlSHA256: String?
    // JSON Lines: the open file, and where its header stood.
    private var lines: LineReader?
    private var headerLine: Int?
    /// Whether every entry of the file was read (or reading failed).
    private var stopped = false
    private var digest: String?
    private var finished = false
    /// Entries read so far, valid or not (ahead of ``vignetteCount`` by the chunk in hand).
    private var entriesRead = 0
    // The chunk in hand: its checked entries, and a problem found after them.
    private var checks: [VignetteCheck] = []
    private var checkPosition = 0
    private var trailingProblem: Diagnostic?

    /// Opens a bank and reads its header (for YAML, the whole document).
    ///
    /// Never throws: a file that cannot be opened or parsed leaves an error in ``diagnostics``,
    /// ``header`` `nil`, and ``next()`` returning `nil`.
    ///
    /// - Parameters:
    ///   - path: the file, as the user named it.
    ///   - parallelism: how many child tasks check vignettes (at least 1).
    public convenience init(path: String, parallelism: Int = 1) {
        self.init(path: path, contents: nil, parallelism: parallelism)
    }

    /// Reads a bank held in memory exactly as ``init(path:parallelism:)`` reads a file with those
    /// bytes (a bank about to be written, checked before it is): `path` gives the format, by its
    /// extension, and is what diagnostics name.
    public convenience init(path: String, bytes: [UInt8], parallelism: Int = 1) {
        self.init(path: path, contents: bytes, parallelism: parallelism)
    }

    private init(path: String, contents: [UInt8]?, parallelism: Int) {
        file = path
        format = CasebankFormat(path: path)
        self.parallelism = Swift.max(1, parallelism)
        switch format {
        case .yaml:
            openYAML(contents)
        case .jsonLines:
            openJSONLines(contents)
        case nil:
            let accepted = CasebankFormat.acceptedExtensions
            diagnostics.error(
                "not a bank file: a bank's name ends in \(accepted.dropLast().joined(separator: ", ")) or \(accepted.last ?? "")",
                at: InputLocation(file: path))
            stopped = true
        }
    }

    /// The next valid vignette, or `nil` at the end of the bank, checking the vignettes on the
    /// calling thread (whatever ``parallelism`` is; the async ``next()`` uses it).
    ///
    /// Vignettes with errors are skipped after their diagnostics are recorded.
    public func next() -> Vignette? {
        while !finished {
            if checkPosition == checks.count {
                guard let chunk = nextChunk() else { return nil }
                checks = chunk.map { $0.check(file: file, limits: limits) }
                checkPosition = 0
                continue
            }
            if let vignette = admitNext() { return vignette }
        }
        return nil
    }

    /// The next valid vignette, or `nil` at the end of the bank, checking each chunk of vignettes
    /// in ``parallelism`` child tasks. What it returns and reports does not depend on
    /// ``parallelism``, and is what the synchronous `next()` gives.
    ///
    /// Vignettes with errors are skipped after their diagnostics are recorded.
    public func next() async -> Vignette? {
        while !finished {
            if checkPosition == checks.count {
                guard let chunk = nextChunk() else { return nil }
                checks = await VignetteEntry.check(chunk, file: file, limits: limits, parallelism: parallelism)
                checkPosition = 0
                continue
            }
            if let vignette = admitNext() { return vignette }
        }
        return nil
    }

    /// The next chunk of entries to check, once the chunk in hand is used up; `nil` when every
    /// entry was read (a problem found after the last chunk is recorded first).
    private func nextChunk() -> [VignetteEntry]? {
        if let problem = trailingProblem {
            diagnostics.append(problem)
            trailingProblem = nil
        }
        guard !stopped else { return nil }
        return readEntries(upTo: Self.entriesPerWorker * parallelism)
    }

    /// Hands out the next checked entry of the chunk in hand: its vignette if it has no error.
    private func admitNext() -> Vignette? {
        let position = checkPosition
        checkPosition += 1
        vignetteCount += 1
        return admit(&checks[position])
    }

    /// The next vignette entries of the bank, up to `count`, read but not checked; empty at the
    /// end of the bank.
    ///
    /// For a caller that checks the entries itself, in its own tasks, with
    /// ``VignetteEntry/vignette(file:)``: a run over a bank that already passed the checks. Such a
    /// check does not look for repeated ids, and its diagnostics are not kept here; problems of
    /// the file itself (a read error) still are. Use either this or ``next()`` on one reader.
    public func nextEntries(_ count: Int) -> [VignetteEntry] {
        guard !finished, !stopped else { return [] }
        let entries = readEntries(upTo: count)
        vignetteCount += entries.count
        if let problem = trailingProblem {
            diagnostics.append(problem)
            trailingProblem = nil
        }
        return entries
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
        checks = []
        return digest
    }

    // MARK: Chunks

    /// Reads up to `wanted` vignette entries. A problem found at the end of the entries (a read
    /// error, a bank without vignettes) is left in `trailingProblem`.
    private func readEntries(upTo wanted: Int) -> [VignetteEntry] {
        var entries: [VignetteEntry] = []
        entries.reserveCapacity(wanted)
        guard let lines else {
            while entries.count < wanted && yamlPosition < yamlVignettes.count {
                entries.append(VignetteEntry(index: entriesRead, content: .node(yamlVignettes[yamlPosition])))
                yamlPosition += 1
                entriesRead += 1
            }
            if yamlPosition == yamlVignettes.count { stopped = true }
            return entries
        }
        while entries.count < wanted {
            let next: LineReader.Line?
            do {
                next = try lines.next()
            } catch {
                trailingProblem = error.diagnostic(file: file)
                stopped = true
                break
            }
            guard let line = next else {
                stopped = true
                if let headerLine, entriesRead == 0 {
                    trailingProblem = .error(
                        "the bank has no vignettes; write one vignette object per line after the header",
                        at: InputLocation(file: file, line: headerLine, column: 1),
                        field: FieldPath.root.appending("vignettes"))
                }
                break
            }
            switch line.content {
            case .tooLong(let byteCount):
                entries.append(
                    VignetteEntry(index: entriesRead, content: .tooLong(number: line.number, byteCount: byteCount)))
            case .bytes(let bytes):
                if Self.isBlank(bytes) { continue }
                entries.append(VignetteEntry(index: entriesRead, content: .line(number: line.number, bytes: bytes)))
            }
            entriesRead += 1
        }
        return entries
    }

    /// Makes the bank-wide checks of one checked entry, records its diagnostics and returns its
    /// vignette if it has no error.
    private func admit(_ check: inout VignetteCheck) -> Vignette? {
        if !ids.admit(check.idUse, diagnostics: &check.diagnostics) { check.vignette = nil }
        for diagnostic in check.diagnostics {
            // A generated bank may have no summaries at all: name the first few vignettes, then
            // count the rest in one line at the end, instead of one warning per vignette.
            if diagnostic.severity == .warning && diagnostic.message.hasPrefix(VignetteParser.missingSummaryMessage) {
                missingSummaries += 1
                if missingSummaries > Self.missingSummariesListed { continue }
            }
            diagnostics.append(diagnostic)
        }
        return check.vignette
    }

    private static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    // MARK: YAML

    private func openYAML(_ contents: [UInt8]?) {
        let root: SourceNode
        do {
            let source: SourceFile
            if let contents {
                source = try SourceFile.make(path: file, bytes: contents, limits: limits)
            } else {
                source = try SourceFile.read(file, limits: limits)
            }
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

    private func openJSONLines(_ contents: [UInt8]?) {
        let maxLineBytes = limits.maxLineBytes ?? Int.max
        do {
            if let contents {
                lines = LineReader(bytes: contents, maxLineBytes: maxLineBytes)
            } else {
                lines = try LineReader(path: file, maxLineBytes: maxLineBytes)
            }
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

    /// The next line of the header phase, or `nil` at the end of the file or after a read error
    /// (recorded).
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

    /// Checks the header line's bytes and parses its JSON, recording any problem.
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
        if Self.isBlank(bytes) { return .blank }
        switch VignetteEntry.parseLine(bytes, number: line.number, file: file, limits: limits) {
        case .success(let node):
            return .value(node)
        case .failure(let problem):
            diagnostics.append(problem.diagnostic)
            return .unreadable
        }
    }

    // MARK: Summaries

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
