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
