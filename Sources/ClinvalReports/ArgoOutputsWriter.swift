import ClinvalMetrics

/// Writes Argo output parameters (`--argo-outputs DIR`, docs/outputs.md): one small plain file per
/// value, for `outputs.parameters[].valueFrom.path`.
///
/// ```yaml
/// outputs:
///   parameters:
///     - name: verdict
///       valueFrom: {path: /out/argo/verdict}
/// ```
///
/// Files:
/// - `verdict`: `pass` or `fail`; `error` for a run that did not complete.
/// - `run-id`: the run id.
/// - one per headline metric of scope `all`, named by the metric id with `_` → `-`
///   (``metricIDs``): `top1-accuracy`, `top3-accuracy`, `triage-accuracy`, `undertriage-rate`,
///   `emergency-undertriage-rate`, `must-pass-failures`, `ece`, `error-rate`, `coverage`.
///   Shares and calibration errors have four decimals (`0.8235`), counts none (`2`), whatever the
///   locale. An undefined metric (empty population) is the text `null`, as in `summary.json`:
///   an empty file would be indistinguishable from a missing value, and a missing file would fail
///   the Argo step that reads it.
///
/// No file ends with a newline: Argo's executor trims one trailing newline since v3, older ones
/// take the bytes verbatim, so a bare value reads the same everywhere.
public struct ArgoOutputsWriter: Sendable {
    /// The metrics written, in order (scope `all`).
    public static let metricIDs = [
        "top1_accuracy", "top3_accuracy", "triage_accuracy", "undertriage_rate", "emergency_undertriage_rate",
        "must_pass_failures", "ece", "error_rate", "coverage",
    ]

    /// Creates a writer.
    public init() {}

    /// The files to write, as (name, contents) pairs in a fixed order.
    public func files(_ input: ReportInput) -> [OutputFile] {
        var files = [
            OutputFile(name: "verdict", contents: input.run.verdict?.rawValue ?? "error"),
            OutputFile(name: "run-id", contents: ReportText.oneLine(input.run.runID)),
        ]
        for id in Self.metricIDs {
            let name = id.replacingOccurrences(of: "_", with: "-")
            files.append(OutputFile(name: name, contents: Self.value(input.metric(id)?.value, metric: id)))
        }
        return files
    }

    /// Writes the files into `directory` (created if needed), each atomically.
    ///
    /// - Throws: ``ReportError`` naming the file that could not be written.
    public func write(_ input: ReportInput, to directory: String) throws(ReportError) {
        try AtomicFiles.write(files(input), to: directory)
    }

    /// A metric value as written: `null`, a whole number for counts, four decimals otherwise.
    static func value(_ value: Double?, metric: String) -> String {
        guard let value else { return "null" }
        let decimals = MetricRegistry.definition(for: metric)?.isWholeNumber == true ? 0 : 4
        return ReportFormat.fixed(value, decimals: decimals) ?? "null"
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
