import ClinvalReports
import Foundation
import Testing
import _ClinvalTestSupport

/// The two schemas `junit.xml` must satisfy.
enum JUnitSchemas {
    static let strict = Result { try XMLSchemaValidator(schemaPath: PackagePaths.schema("windyroad-JUnit.xsd")) }
    static let jenkins = Result { try XMLSchemaValidator(schemaPath: PackagePaths.schema("jenkins-xunit-junit-10.xsd")) }

    /// Both validators' messages for a document, prefixed with the schema name (empty when valid).
    static func problems(_ xml: String) throws -> [String] {
        let strict = try strict.get().validate(xml).map { "windyroad: " + $0 }
        let jenkins = try jenkins.get().validate(xml).map { "jenkins: " + $0 }
        return strict + jenkins
    }
}

@Suite struct JUnitReportWriterTests {
    static let runs: [(String, @Sendable () -> ReportInput)] = [
        ("passing", ReportFixtures.passing), ("failing", ReportFixtures.failing), ("errored", ReportFixtures.errored),
        ("hostile", ReportFixtures.hostile), ("waived", ReportFixtures.waived),
    ]

    @Test(arguments: ["passing", "failing", "errored", "hostile", "waived"])
    func validatesAgainstBothSchemas(run: String) throws {
        let make = try #require(Self.runs.first { $0.0 == run }?.1)
        let xml = try JUnitReportWriter().render(make())
        #expect(try JUnitSchemas.problems(xml) == [])
    }

    @Test func suiteCountsMatchTheirTestcases() throws {
        let xml = try JUnitReportWriter().render(ReportFixtures.failing())
        for suite in try JUnitDocument(xml).suites {
            #expect(suite.attributes["tests"] == String(suite.testcases.count), "suite \(suite.name)")
            #expect(suite.attributes["failures"] == String(suite.testcases.filter { $0.child == "failure" }.count), "suite \(suite.name)")
            #expect(suite.attributes["errors"] == String(suite.testcases.filter { $0.child == "error" }.count), "suite \(suite.name)")
            #expect(suite.attributes["skipped"] == String(suite.testcases.filter { $0.child == "skipped" }.count), "suite \(suite.name)")
        }
    }

    @Test func gateSuiteHasOneTestcasePerCriterionNamedByID() throws {
        let suites = try JUnitDocument(JUnitReportWriter().render(ReportFixtures.failing())).suites
        let gate = try #require(suites.first)
        #expect(gate.name == "gate")
        #expect(gate.testcases.map(\.name) == ReportFixtures.failingCriteria.map(\.id))
        #expect(gate.testcases.allSatisfy { $0.classname == "clinval.gate" })
    }

    @Test func failedBlockingCriterionIsAFailureWithTheSentence() throws {
        let gate = try #require(try JUnitDocument(JUnitReportWriter().render(ReportFixtures.failing())).suites.first)
        let testcase = try #require(gate.testcases.first { $0.name == "emergency-safety" })
        #expect(testcase.child == "failure")
        #expect(testcase.childAttributes["type"] == "criterion-failed")
        #expect(testcase.childAttributes["message"] == ReportFixtures.failingCriteria[1].message)
        #expect(testcase.childText == "metric: emergency_undertriage_rate (scope all)\nobserved (ci_upper): 0.1552\nthreshold: 0.02\n")
    }

    @Test func failedWarningIsAPassedTestcaseReportedInSystemOut() throws {
        let gate = try #require(try JUnitDocument(JUnitReportWriter().render(ReportFixtures.failing())).suites.first)
        let testcase = try #require(gate.testcases.first { $0.name == "calibration" })
        #expect(testcase.child == nil)
        #expect(gate.systemOut.contains("WARNING (failed, not blocking) calibration: The expected calibration error was 0.091"))
        #expect(gate.properties["criterion.calibration.outcome"] == "warning-failed")
    }

    @Test func numbersGoInPropertiesNotNames() throws {
        let gate = try #require(try JUnitDocument(JUnitReportWriter().render(ReportFixtures.failing())).suites.first)
        #expect(gate.properties["criterion.emergency-safety.observed"] == "0.1552")
        #expect(gate.properties["criterion.emergency-safety.threshold"] == "0.02")
        #expect(gate.properties["criterion.older-patients.observed"] == "null")
        #expect(gate.properties["criterion.no-regression-top1.difference_ci_lower"] == "-0.0123")
        #expect(gate.properties["criterion.no-regression-top1.paired_n"] == "200")
        #expect(gate.properties["verdict"] == "fail")
    }

    @Test func erroredRunHasAnErrorTestcaseAndSkipsCriteria() throws {
        let gate = try #require(try JUnitDocument(JUnitReportWriter().render(ReportFixtures.errored())).suites.first)
        let run = try #require(gate.testcases.last)
        #expect(run.name == "run")
        #expect(run.child == "error")
        #expect(run.childAttributes["message"] == "the run did not complete: the model was unreachable for the whole run")
        #expect(gate.testcases.dropLast().allSatisfy { $0.child == "skipped" })
        #expect(gate.attributes["errors"] == "1")
        #expect(gate.properties["verdict"] == "none")
    }

    @Test func bankSuitesHaveOneTestcasePerMustPassVignette() throws {
        let suites = try JUnitDocument(JUnitReportWriter().render(ReportFixtures.failing())).suites
        #expect(suites.map(\.name) == ["gate", "red-flags", "common-conditions"])
        #expect(suites.map { $0.attributes["id"] } == ["0", "1", "2"])
        let bank = suites[1]
        #expect(bank.testcases.map(\.name) == ["rf-001", "rf-002", "rf-003", "rf-004"])
        #expect(bank.testcases.map(\.child) == [nil, "failure", nil, "failure"])
        #expect(bank.testcases[3].childAttributes["message"] == "no answer: timeout")
        #expect(bank.testcases.allSatisfy { $0.classname == "clinval.casebank.red-flags" })
    }

    @Test func timestampIsTheRunStartInUTCWithoutZone() throws {
        let suites = try JUnitDocument(JUnitReportWriter().render(ReportFixtures.failing())).suites
        #expect(suites.allSatisfy { $0.attributes["timestamp"] == "2026-11-29T10:15:00" })
        #expect(suites.first?.attributes["time"] == "754.250")
        #expect(suites[1].attributes["time"] == "0.032")
    }

    @Test func longMessagesAreCappedWithAPointerToTheReport() throws {
        var input = ReportFixtures.failing()
        input.criteria[1].message = String(repeating: "x", count: 5_000)
        let gate = try #require(try JUnitDocument(JUnitReportWriter().render(input)).suites.first)
        let message = try #require(gate.testcases.first { $0.name == "emergency-safety" }?.childAttributes["message"])
        #expect(message == String(repeating: "x", count: 1_000) + "… see report.html")
    }

    @Test func mustPassTestcasesAreCappedMissedFirst() throws {
        var input = ReportFixtures.failing()
        input.mustPass = (0..<10).map { index in
            MustPassOutcome(casebankID: "red-flags", vignetteID: "mp-\(index)", missReason: index >= 6 ? "missed" : nil)
        }
        var limits = ReportLimits.standard
        limits.junitMustPassCases = 3
        let xml = try JUnitReportWriter(limits: limits).render(input)
        #expect(try JUnitSchemas.problems(xml) == [])
        let bank = try JUnitDocument(xml).suites[1]
        #expect(bank.testcases.map(\.name) == ["mp-6", "mp-7", "mp-8", "unlisted-must-pass-misses"])
        #expect(bank.testcases.last?.childAttributes["message"] == "1 more missed must_pass vignettes are not listed here; see report.html")
        #expect(bank.attributes["failures"] == "4")
        #expect(bank.properties["must_pass.unlisted"] == "7")
        #expect(bank.systemOut == "4 of 10 must_pass vignettes missed. 7 not listed (1 of them missed); see report.html.\n")
    }

    @Test func hostileTextLeavesNoRawMarkup() throws {
        let xml = try JUnitReportWriter().render(ReportFixtures.hostile())
        #expect(!xml.contains("<script"))
        #expect(!xml.contains("<img"))
        #expect(!xml.contains("]]>"))
        #expect(!xml.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x2066 || $0.value == 0xFFFE })
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func vignetteSummariesAndErrorTextsStayOutOfJUnit() throws {
        let xml = try JUnitReportWriter().render(ReportFixtures.hostile())
        #expect(!xml.contains(ReportFixtures.summaryMarker))
        #expect(!xml.contains(ReportFixtures.findingMarker), "findings are vignette content")
    }

    @Test func sameInputGivesSameBytes() throws {
        let first = try JUnitReportWriter().render(ReportFixtures.failing())
        let second = try JUnitReportWriter().render(ReportFixtures.failing())
        #expect(first == second)
    }

    @Test func rendersConcurrently() async throws {
        let expected = try JUnitReportWriter().render(ReportFixtures.failing())
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try JUnitReportWriter().render(ReportFixtures.failing()) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func aWaivedCriterionIsSkippedWithWhoWhyAndUntilWhen() throws {
        let gate = try #require(try JUnitDocument(JUnitReportWriter().render(ReportFixtures.waived())).suites.first)
        let waived = try #require(gate.testcases.first { $0.name == "emergency-safety" })
        #expect(waived.child == "skipped")
        #expect(
            waived.childAttributes["message"]
                == "waived by Dr A. Okafor (clinical-safety-officer) until 2026-12-31: Chest-pain triage rule fix ships in 1.2.1 <next week> (hazard HAZ-12)")
        #expect(gate.attributes["failures"] == "0")
        #expect(gate.attributes["skipped"] == "1")
        #expect(gate.properties["criterion.emergency-safety.outcome"] == "waived")
        #expect(gate.systemOut.contains("WAIVED emergency-safety:"))
    }
}
