import ClinvalCore
import ClinvalMetrics
import ClinvalReports
import Foundation
import Testing
import _ClinvalTestSupport

@Suite struct ArgoOutputsWriterTests {
    @Test func writesVerdictRunIDAndHeadlineMetrics() {
        let files = ArgoOutputsWriter().files(ReportFixtures.failing())
        #expect(files.map(\.name) == [
            "verdict", "run-id", "top1-accuracy", "top3-accuracy", "triage-accuracy", "undertriage-rate",
            "emergency-undertriage-rate", "must-pass-failures", "ece", "error-rate", "coverage",
        ])
        #expect(files.map(\.contents) == [
            "fail", "20261129-101500-demo", "0.6100", "0.8650", "0.7800", "0.0850", "0.0500", "2", "0.0912", "0.0200", "0.9800",
        ])
    }

    @Test func undefinedMetricIsNull() {
        var input = ReportFixtures.failing()
        input.metrics.removeAll { $0.metric == "ece" }
        input.metrics.append(MetricValue(scope: .all, metric: "ece", value: nil, n: 0))
        #expect(ArgoOutputsWriter().files(input).first { $0.name == "ece" }?.contents == "null")
    }

    @Test func erroredRunHasVerdictError() {
        #expect(ArgoOutputsWriter().files(ReportFixtures.errored()).first?.contents == "error")
    }

    @Test func filesHoldTheBareValueWithoutNewline() throws {
        let folder = TemporaryDirectory()
        let target = folder.file("argo/outputs")
        try ArgoOutputsWriter().write(ReportFixtures.passing(), to: target)
        let verdict = try Data(contentsOf: URL(fileURLWithPath: target + "/verdict"))
        #expect(Array(verdict) == Array("pass".utf8))
        let names = try FileManager.default.contentsOfDirectory(atPath: target).sorted()
        #expect(names.count == 11)
        #expect(!names.contains { $0.hasPrefix(".") })
    }
}
