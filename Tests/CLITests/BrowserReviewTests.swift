import Foundation
import Testing
import _ClinvalTestSupport

/// The clinical review in a real browser: Chromium, driven through chromedriver by Selenium
/// (`Tests/Fixtures/browser/review_in_browser.py`), against `clinval serve` on loopback. A
/// reviewer adjudicates a miss as a label error; an approver waives the failed criterion and
/// signs; the run's page shows the new verdict and the audit chain verifies. Once with JavaScript
/// and once without: the pages carry no script, so both must work alike.
@Suite(.serialized) struct BrowserReviewTests {
    static let script = PackagePaths.path("Tests/Fixtures/browser/review_in_browser.py")

    /// Fails, naming the tool, when Chromium, chromedriver or Selenium is missing (`.ci/run`
    /// installs them).
    static func requireTools() throws {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw MissingTool(description: "missing tool: \(tool) (Debian packages chromium and chromium-driver; .ci/run installs them)")
        }
        let selenium = try CommandRunner.run("/usr/bin/env", ["python3", "-c", "import selenium"], in: "/")
        if selenium.exitCode != 0 {
            throw MissingTool(description: "missing tool: the Python package selenium (pip install selenium; .ci/run installs it)")
        }
    }

    /// A tool the test needs is not installed: the test fails with its name.
    struct MissingTool: Error, CustomStringConvertible {
        var description: String
    }

    @Test(arguments: [true, false])
    func aReviewerAndAnApproverReviewARunInTheBrowser(javascript: Bool) throws {
        try Self.requireTools()
        let folder = TemporaryDirectory()
        let result = try CommandRunner.run(
            "/usr/bin/env",
            ["python3", Self.script, "--clinval", CommandRunner.clinvalPath, "--work", folder.path]
                + (javascript ? [] : ["--no-javascript"]),
            in: PackagePaths.root)
        #expect(result.exitCode == 0, "the browser test failed:\n\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("rev adjudicated a miss as a label error"))
        #expect(lines.contains("appr signed approved: Pass: ready for release with 1 waiver."))
        #expect(lines.contains { $0.hasPrefix("audit trail intact: 10 entries") })
        #expect(lines.last == "ok")
    }
}
