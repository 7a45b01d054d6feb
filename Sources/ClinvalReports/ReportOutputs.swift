import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file of an output folder: its name in the folder and its text.
public struct OutputFile: Sendable, Hashable {
    /// The file name, without folders (`junit.xml`).
    public var name: String
    /// The file's text, written as UTF-8 bytes exactly.
    public var contents: String

    /// Creates a file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// The output folder of a run (`--out DIR`, docs/outputs.md): `summary.json`, `junit.xml` and
/// `report.html`.
///
/// ```swift
/// try ReportOutputs.write(input: input, summaryJSON: summary, to: "reports/\(runID)")
/// ```
///
/// `summary.json` is rendered by the gate stage and passed in as text; this type only writes it.
public enum ReportOutputs {
    /// The folder's files, in a fixed order: `summary.json`, `junit.xml`, `report.html`.
    ///
    /// - Throws: ``ReportError`` if the JUnit file cannot be rendered.
    public static func files(
        input: ReportInput, summaryJSON: String, limits: ReportLimits = .standard
    ) throws(ReportError) -> [OutputFile] {
        [
            OutputFile(name: "summary.json", contents: summaryJSON),
            OutputFile(name: "junit.xml", contents: try JUnitReportWriter(limits: limits).render(input)),
            OutputFile(name: "report.html", contents: HTMLReportWriter(limits: limits).render(input)),
        ]
    }

    /// Renders and writes the folder's files, creating the folder. Each file is written to a
    /// temporary file in the folder and renamed over the old one, so a reader never sees half a
    /// file, and a failure leaves the previous version in place.
    ///
    /// - Returns: the paths written, in order.
    /// - Throws: ``ReportError`` naming the file or folder that could not be written.
    @discardableResult
    public static func write(
        input: ReportInput, summaryJSON: String, to directory: String, limits: ReportLimits = .standard
    ) throws(ReportError) -> [String] {
        try AtomicFiles.write(files(input: input, summaryJSON: summaryJSON, limits: limits), to: directory)
    }
}

/// Writes files into a folder atomically (temporary file in the same folder, then rename).
enum AtomicFiles {
    @discardableResult
    static func write(_ files: [OutputFile], to directory: String) throws(ReportError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError("cannot create the output folder \(directory)")
        }
        var written: [String] = []
        for file in files {
            guard !file.name.isEmpty, !file.name.contains("/"), file.name != ".", file.name != ".." else {
                throw ReportError("invalid output file name \(file.name)")
            }
            let target = (directory as NSString).appendingPathComponent(file.name)
            let temporary = (directory as NSString).appendingPathComponent(
                ".\(file.name).tmp-\(getpid())-\(UUID().uuidString.prefix(8))")
            guard FileManager.default.createFile(atPath: temporary, contents: Data(file.contents.utf8)) else {
                throw ReportError("cannot write \(target)")
            }
            guard rename(temporary, target) == 0 else {
                try? FileManager.default.removeItem(atPath: temporary)
                throw ReportError("cannot replace \(target)")
            }
            written.append(target)
        }
        return written
    }
}
