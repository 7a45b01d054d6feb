import ClinvalCore

/// Loads a whole vignette bank, strictly (docs/casebank-format.md).
///
/// The format is chosen by the file's extension: `.yaml` or `.yml` for YAML, `.jsonl` for JSON
/// Lines. Every problem of the file is reported, not only the first: unknown keys (with a
/// suggestion), wrong types, missing fields, values out of range, repeated ids, and lines or
/// documents that cannot be read.
///
/// ```swift
/// var diagnostics = DiagnosticList()
/// guard let bank = CasebankLoader.load("casebanks/red-flags.yaml", diagnostics: &diagnostics) else {
///     throw InvalidInputError(diagnostics)
/// }
/// ```
///
/// Use ``CasebankReader`` instead to stream a large bank without holding its vignettes.
public enum CasebankLoader {
    /// Loads the bank at `path`, adding every problem found to `diagnostics`.
    ///
    /// - Parameters:
    ///   - path: The file, as the user named it; diagnostics name it the same way.
    ///   - diagnostics: Receives every error and warning, in file order.
    /// - Returns: The bank, or `nil` if any error was found (warnings alone still give the bank).
    public static func load(_ path: String, diagnostics: inout DiagnosticList) -> Casebank? {
        load(CasebankReader(path: path), diagnostics: &diagnostics)
    }

    /// Loads a bank held in memory exactly as ``load(_:diagnostics:)`` loads a file with those
    /// bytes; `path` gives the format, by its extension, and is what diagnostics name.
    public static func load(_ path: String, bytes: [UInt8], diagnostics: inout DiagnosticList) -> Casebank? {
        load(CasebankReader(path: path, bytes: bytes), diagnostics: &diagnostics)
    }

    private static func load(_ reader: CasebankReader, diagnostics: inout DiagnosticList) -> Casebank? {
        let path = reader.file
        var vignettes: [Vignette] = []
        while let vignette = reader.next() {
            vignettes.append(vignette)
        }
        let sha256 = reader.finish()
        diagnostics.append(contentsOf: reader.diagnostics)
        guard !reader.diagnostics.hasErrors, let header = reader.header, let sha256, let format = reader.format else {
            return nil
        }
        return Casebank(header: header, vignettes: vignettes, file: path, sha256: sha256, format: format)
    }
}
