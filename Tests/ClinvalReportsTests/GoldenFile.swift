import Foundation
import Testing
import _ClinvalTestSupport

/// Compares rendered text with a golden file under `Tests/Fixtures/reports/`.
///
/// When they differ (or the golden file is missing), the actual text is written beside the golden
/// file as `<name>.actual` for review (git ignores `*.actual*`); to accept it, move it over the
/// golden file. The golden files hold no placeholders: the reports have no generation time.
enum GoldenFile {
    static func check(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = PackagePaths.fixture("reports/" + name)
        let actualPath = path + ".actual"
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            try? actual.write(toFile: actualPath, atomically: true, encoding: .utf8)
            Issue.record("golden file reports/\(name) is missing; wrote \(name).actual for review", sourceLocation: sourceLocation)
            return
        }
        if expected == actual {
            try? FileManager.default.removeItem(atPath: actualPath)
            return
        }
        try? actual.write(toFile: actualPath, atomically: true, encoding: .utf8)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
        let line = firstDifference.map { $0.offset + 1 } ?? min(expectedLines.count, actualLines.count) + 1
        Issue.record(
            "reports/\(name) differs from the rendered output from line \(line); wrote \(name).actual for review",
            sourceLocation: sourceLocation)
    }
}
