import ClinvalCasebanks
import ClinvalCore
import ClinvalStore
import Foundation

/// `clinval adjudications apply --db PATH --casebank FILE --version V --out FILE`: writes the next
/// version of a bank with its label corrections applied (docs/command-line.md,
/// docs/clinical-review.md).
///
/// The corrections are the standing adjudications of the bank's vignettes: for each vignette, the
/// latest adjudication made on its content as the bank holds it now (its digest). Only
/// `label_error` and `acceptable_alternative` change labels; the bank is edited minimally
/// (``CasebankRevision``), read back and checked, and written atomically to the output file.
public enum AdjudicationsApply {
    /// What `apply` wrote.
    public struct Outcome: Sendable, Hashable {
        /// The bank id.
        public var casebankID: String
        /// The new version.
        public var version: String
        /// The file written.
        public var outputPath: String
        /// The vignettes whose labels changed, in bank order.
        public var correctedVignetteIDs: [String]
        /// SHA-256 of the file written.
        public var sha256: String
    }

    /// Reads the standing adjudications of the bank at `casebankPath` from the database and writes
    /// the bank's next version to `outputPath`.
    ///
    /// - Throws: ``InvalidInputError`` or ``RunFailure`` (exit 2) for a missing database, a bank
    ///   with errors, an output that is the bank itself or of another format, or a correction that
    ///   does not fit the bank; ``RunFailure`` (exit 3) for a database failure or a new version
    ///   that does not read back as intended. Nothing is written when it throws.
    public static func execute(
        database: String, casebankPath: String, version: String, outputPath: String,
        environment: PipelineEnvironment = .production
    ) throws -> Outcome {
        try checkPaths(casebankPath: casebankPath, outputPath: outputPath)
        let digests = try vignetteDigests(casebankPath: casebankPath)
        let store = try StoredRunCommands.open(database, environment)
        let standing = try standingAdjudications(in: store, database: database, for: digests)
        return try run(casebankPath: casebankPath, version: version, outputPath: outputPath, adjudications: standing)
    }

    /// The standing adjudication of each of the bank's vignettes, read from the database: the
    /// command's one read of it (`ResultStore.standingAdjudications(for:)`), ordered by vignette id.
    ///
    /// - Throws: ``RunFailure`` (exit 3) if the database cannot be read.
    static func standingAdjudications(
        in store: ResultStore, database: String, for digests: [VignetteKey: String]
    ) throws -> [Adjudication] {
        do {
            return try store.standingAdjudications(for: digests).sorted { $0.key < $1.key }.map(\.value)
        } catch {
            throw RunFailure(.runtime, "Cannot read the adjudications from the database \(database): \(error)")
        }
    }

    /// The digest of each vignette's content in the bank at `casebankPath` (what a standing
    /// adjudication must name), keyed by bank and vignette id.
    ///
    /// - Throws: ``InvalidInputError`` if the bank does not load without errors.
    public static func vignetteDigests(casebankPath: String) throws -> [VignetteKey: String] {
        var diagnostics = DiagnosticList()
        guard let bank = CasebankLoader.load(casebankPath, diagnostics: &diagnostics) else {
            throw InvalidInputError(DiagnosticList(diagnostics.errors))
        }
        var digests: [VignetteKey: String] = [:]
        for vignette in bank.vignettes {
            let content = vignette.content(casebankID: bank.id)
            digests[content.key] = content.sha256
        }
        return digests
    }

    /// Writes the next version of the bank at `casebankPath`, with `adjudications` applied, to
    /// `outputPath`, atomically: a complete file or none.
    ///
    /// The store's reading of the standing adjudications is the caller's (``execute(database:casebankPath:version:outputPath:environment:)``
    /// does it): pass, for the bank's vignettes, the adjudications that stand for their content now,
    /// at most one per vignette; each must name a vignette of this bank and its content now.
    ///
    /// - Throws: ``InvalidInputError`` (exit 2) for an output that is the bank itself or has
    ///   another format's extension, a bank with errors, an empty version, a correction for a
    ///   vignette the bank does not hold (or of another bank) or whose content changed, two
    ///   corrections of one vignette, or an output that cannot be
    ///   written; ``RunFailure`` (exit 3) if the edited bank does not read back as intended. Nothing
    ///   is written when it throws.
    public static func run(
        casebankPath: String, version: String, outputPath: String, adjudications: [Adjudication]
    ) throws -> Outcome {
        try checkPaths(casebankPath: casebankPath, outputPath: outputPath)
        let bytes = try readBank(casebankPath)
        let revision: CasebankRevision
        do {
            revision = try CasebankRevision.make(from: bytes, file: casebankPath, corrections: adjudications, version: version)
        } catch {
            if error.kind == .readBackFailed { throw RunFailure(.runtime, error.description) }
            throw InvalidInputError(error.diagnostics)
        }
        do {
            try Data(revision.bytes).write(to: URL(fileURLWithPath: outputPath), options: .atomic)
        } catch {
            throw InvalidInputError(
                DiagnosticList([
                    .error(
                        "cannot write the new version: \(error.localizedDescription); check that its folder exists",
                        at: InputLocation(file: outputPath))
                ]))
        }
        return Outcome(
            casebankID: revision.bank.id, version: version, outputPath: outputPath,
            correctedVignetteIDs: revision.correctedVignetteIDs, sha256: SHA256.hex(of: revision.bytes))
    }

    /// The line the command prints once the new version is written.
    public static func doneLine(_ outcome: Outcome) -> String {
        let count = outcome.correctedVignetteIDs.count
        return "Wrote \(outcome.casebankID) version \(outcome.version) to \(outcome.outputPath): "
            + "\(count) \(count == 1 ? "vignette" : "vignettes") corrected"
            + (count == 0 ? "" : " (\(outcome.correctedVignetteIDs.joined(separator: ", ")))")
    }

    // MARK: Checks

    /// Refuses an output that is the bank itself (by path, symbolic link or hard link) or whose
    /// extension is another format's.
    static func checkPaths(casebankPath: String, outputPath: String) throws(InvalidInputError) {
        let location = InputLocation(file: outputPath)
        if isSameFile(casebankPath, outputPath) {
            throw InvalidInputError(
                DiagnosticList([
                    .error(
                        "the output is the bank itself; write the new version to another file and keep the earlier one",
                        at: location)
                ]))
        }
        guard let format = CasebankFormat(path: casebankPath) else { return }
        if CasebankFormat(path: outputPath) != format {
            let extensions = format == .yaml ? ".yaml or .yml" : ".jsonl"
            throw InvalidInputError(
                DiagnosticList([.error("the output must be a \(format.rawValue) bank like its input: its name ends in \(extensions)", at: location)]))
        }
    }

    private static func isSameFile(_ first: String, _ second: String) -> Bool {
        let resolved = { (path: String) in URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path }
        if resolved(first) == resolved(second) { return true }
        let manager = FileManager.default
        guard let one = try? manager.attributesOfItem(atPath: first), let other = try? manager.attributesOfItem(atPath: second)
        else { return false }
        let identity = { (attributes: [FileAttributeKey: Any]) in
            "\(attributes[.systemNumber] ?? "")/\(attributes[.systemFileNumber] ?? "")"
        }
        return one[.systemFileNumber] != nil && identity(one) == identity(other)
    }

    private static func readBank(_ path: String) throws(InvalidInputError) -> [UInt8] {
        do {
            _ = try FileAccess.regularFileSize(path)
        } catch {
            throw InvalidInputError(DiagnosticList([error.diagnostic(file: path)]))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InvalidInputError(
                DiagnosticList([.error("cannot read the file; check its permissions", at: InputLocation(file: path))]))
        }
        return [UInt8](data)
    }
}
