import ClinvalCore

/// One vignette entry of a bank as read from the file, before it is checked: a line of a JSON
/// Lines bank, or a node of a YAML bank's `vignettes` list.
///
/// Entries hold no reference to their reader, so they can be checked on any thread.
public struct VignetteEntry: Sendable {
    /// What the entry holds.
    enum Content: Sendable {
        /// A non-blank line of a JSON Lines bank: its 1-based number and its bytes.
        case line(number: Int, bytes: [UInt8])
        /// A line of a JSON Lines bank over the length limit, not held.
        case tooLong(number: Int, byteCount: Int)
        /// An element of a YAML bank's `vignettes` list.
        case node(SourceNode)
    }

    /// The 0-based position of the entry among the bank's vignettes.
    public let index: Int
    /// What the entry holds.
    let content: Content

    init(index: Int, content: Content) {
        self.index = index
        self.content = content
    }

    /// The entry's vignette, or `nil` if the entry has an error.
    ///
    /// Checks the entry on its own, as ``CasebankReader`` does, except for repeated ids, which
    /// need the whole bank: meant for a bank that already passed the checks.
    public func vignette(file: String) -> Vignette? {
        check(file: file, limits: .casebank).vignette
    }

    /// Checks the entry on its own: its bytes (for a line), its JSON and every field. Repeated ids
    /// are left to ``VignetteIDRegistry``.
    func check(file: String, limits: DocumentLimits) -> VignetteCheck {
        let node: SourceNode
        switch content {
        case .node(let element):
            node = element
        case .tooLong(let number, let byteCount):
            let limit = limits.maxLineBytes ?? Int.max
            let diagnostic = Diagnostic.error(
                "line is \(byteCount.byteCountDescription) long, over the \(limit.byteCountDescription) limit; it was not read",
                at: InputLocation(file: file, line: number, column: 1))
            return VignetteCheck(vignette: nil, diagnostics: [diagnostic], idUse: nil)
        case .line(let number, let bytes):
            switch Self.parseLine(bytes, number: number, file: file, limits: limits) {
            case .success(let value): node = value
            case .failure(let problem): return VignetteCheck(vignette: nil, diagnostics: [problem.diagnostic], idUse: nil)
            }
        }
        var reader = DocumentReader(file: file)
        let (vignette, idUse) = VignetteParser.parse(node, index: index, reader: &reader)
        return VignetteCheck(vignette: vignette, diagnostics: reader.diagnostics.all, idUse: idUse)
    }

    /// Checks entries, in order, in up to `parallelism` child tasks.
    ///
    /// Each task takes one contiguous slice; the results come back in the entries' order.
    static func check(
        _ entries: [VignetteEntry], file: String, limits: DocumentLimits, parallelism: Int
    ) async -> [VignetteCheck] {
        let workers = min(parallelism, entries.count / minimumPerWorker)
        guard workers > 1 else { return entries.map { $0.check(file: file, limits: limits) } }
        let slices = await withTaskGroup(of: (worker: Int, checks: [VignetteCheck]).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let lower = entries.count * worker / workers
                    let upper = entries.count * (worker + 1) / workers
                    return (worker, entries[lower..<upper].map { $0.check(file: file, limits: limits) })
                }
            }
            var slices = Array(repeating: [VignetteCheck](), count: workers)
            for await slice in group { slices[slice.worker] = slice.checks }
            return slices
        }
        return Array(slices.joined())
    }

    /// Below this many entries per task, a chunk is checked on the calling task alone.
    static let minimumPerWorker = 16

    /// A line's bytes checked as UTF-8 and parsed as one JSON value.
    static func parseLine(
        _ bytes: [UInt8], number: Int, file: String, limits: DocumentLimits
    ) -> Result<SourceNode, LineProblem> {
        if let offset = TextInput.firstInvalidUTF8(in: bytes) {
            let column = TextInput.position(of: offset, in: bytes).column
            return .failure(
                LineProblem(
                    diagnostic: .error(
                        "invalid UTF-8 (byte 0x\(hex(bytes[offset]))); save the file as UTF-8",
                        at: InputLocation(file: file, line: number, column: column))))
        }
        do {
            return .success(try JSONDocumentParser.parse(bytes, firstLine: number, maxDepth: limits.maxDepth))
        } catch {
            return .failure(LineProblem(diagnostic: error.diagnostic(file: file)))
        }
    }

    /// Why a line could not be read as a JSON value.
    struct LineProblem: Error {
        var diagnostic: Diagnostic
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

/// What checking one entry on its own found.
struct VignetteCheck: Sendable {
    /// The vignette, if the entry has no error.
    var vignette: Vignette?
    /// The entry's diagnostics, in the order of its fields.
    var diagnostics: [Diagnostic]
    /// The entry's id and where it stands, if the id is well formed.
    var idUse: VignetteIDUse?
}
