import ClinvalMetrics
import ClinvalReports
import Foundation
import Testing

@Suite struct HTMLReportWriterTests {
    private func render(_ input: ReportInput, limits: ReportLimits = .standard) -> String {
        HTMLReportWriter(limits: limits).render(input)
    }

    /// The text of the first element matching `open` up to `close`, without tags.
    private func text(in html: String, from open: String, to close: String) -> String? {
        guard let start = html.range(of: open), let end = html.range(of: close, range: start.upperBound..<html.endIndex) else {
            return nil
        }
        var result = ""
        var inTag = false
        for character in html[start.upperBound..<end.lowerBound] {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { result.append(character) }
        }
        return result
    }

    @Test func verdictComesFirstInWordsWithTheFailedCriteria() throws {
        let html = render(ReportFixtures.failing())
        let header = try #require(html.range(of: "<header class=\"verdict verdict-fail\">"))
        let criteria = try #require(html.range(of: "<section id=\"criteria\">"))
        #expect(header.lowerBound < criteria.lowerBound)
        #expect(text(in: html, from: "<h1>", to: "</h1>") == "✘ NOT READY FOR RELEASE")
        #expect(
            text(in: html, from: "<p class=\"why\">", to: "</p>")
                == "3 blocking criteria failed: emergency-safety, sentinels, older-patients. 1 warning criterion failed (reported, not blocking): calibration."
        )
    }

    @Test func passingVerdictSaysReadyAndCountsBlockingCriteria() {
        let html = render(ReportFixtures.passing())
        #expect(text(in: html, from: "<h1>", to: "</h1>") == "✔ READY FOR RELEASE")
        #expect(
            text(in: html, from: "<p class=\"why\">", to: "</p>")
                == "All 2 blocking criteria passed. 1 warning criterion failed (reported, not blocking): calibration.")
    }

    @Test func erroredRunSaysThereIsNoVerdict() {
        let html = render(ReportFixtures.errored())
        #expect(text(in: html, from: "<h1>", to: "</h1>") == "■ NO VERDICT: THE RUN DID NOT COMPLETE")
        #expect(
            text(in: html, from: "<p class=\"why\">", to: "</p>")
                == "The run did not complete: the model was unreachable for the whole run. The results below are incomplete and no release decision was made."
        )
    }

    @Test func criterionStatusIsGivenByWordAndSymbolNotColourAlone() {
        let html = render(ReportFixtures.failing())
        #expect(html.contains("<span class=\"badge badge-pass\"><span aria-hidden=\"true\">✔</span> PASS</span>"))
        #expect(html.contains("<span class=\"badge badge-fail\"><span aria-hidden=\"true\">✘</span> FAIL</span>"))
        #expect(html.contains("<span class=\"badge badge-warn\"><span aria-hidden=\"true\">▲</span> WARNING</span>"))
        let errored = render(ReportFixtures.errored())
        #expect(errored.contains("<span class=\"badge badge-none\"><span aria-hidden=\"true\">■</span> NOT EVALUATED</span>"))
    }

    @Test func everyCriterionSentenceIsShown() {
        let html = render(ReportFixtures.failing())
        for criterion in ReportFixtures.failingCriteria {
            #expect(html.contains("<bdi>" + criterion.message + "</bdi>"), "criterion \(criterion.id)")
        }
    }

    @Test func headlineShowsTheExactUpperBoundOfEmergencyUndertriage() {
        let html = render(ReportFixtures.failing())
        #expect(html.contains("<td>1.4% to 16.5%<br><span class=\"muted\">exact upper bound (one-sided 95%): 15.5%</span></td>"))
        #expect(html.contains("<td class=\"num\">2 of 4</td>"))
    }

    @Test func baselineDeltasAreShownWithTheirInterval() {
        let html = render(ReportFixtures.failing())
        #expect(html.contains("<td>+1.0 pp (−1.2 pp to +3.2 pp)</td>"))
        #expect(html.contains("<td class=\"num\">0.688</td>"))
    }

    @Test func chartsAreInlineSVGWithBinCounts() {
        let html = render(ReportFixtures.failing())
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2)
        #expect(html.contains("<text class=\"count\" x=\"592\" y=\"30\" text-anchor=\"middle\">31</text>"))
        #expect(html.contains("<title id=\"confusion-title\">"))
    }

    @Test func confusionMatrixMarksUnderTriageByText() {
        let html = render(ReportFixtures.failing())
        // Emergency gold, urgent advice: 2 vignettes, under-triaged.
        #expect(html.contains(">2</text><text class=\"cellnote\" x=\"288\" y=\"95\" text-anchor=\"middle\">under</text>"))
    }

    @Test func breakdownsCoverEveryKindOfScope() {
        let html = render(ReportFixtures.failing())
        for heading in ["By bank", "By tag", "By sex", "By age band (years)", "By the doctors&#39; triage level (least urgent accepted)"] {
            #expect(html.contains("<h3>\(heading)</h3>"), "\(heading)")
        }
        #expect(html.contains("<bdi>Age 0–17</bdi></th><td class=\"num\">0</td><td colspan=\"3\" class=\"muted\">no vignettes</td>"))
    }

    @Test func missesShowDoctorsLabelsBesideTheModel() {
        let html = render(ReportFixtures.failing())
        #expect(html.contains("<bdi>58-year-old man, crushing central chest pain for 30 minutes, sweating</bdi>"))
        #expect(html.contains("<bdi>Possible NSTEMI / STEMI (possible-nstemi-stemi)</bdi>"))
        #expect(html.contains("<li><bdi>Unstable angina (unstable-angina)</bdi> <span class=\"prob\">22.0%</span> <strong>✔ correct</strong></li>"))
        #expect(html.contains("<td>Urgent <strong>▼ under-triaged</strong></td>"))
        #expect(html.contains("… and 3 more not shown."))
    }

    @Test func casesShowTheReportedAndAbsentFindingsByTheirLabels() {
        let html = render(ReportFixtures.failing())
        #expect(html.contains(
            "<p class=\"findings\"><span class=\"kind\">Reported:</span> <bdi>Pain somewhere (E_55)</bdi>; "
                + "<bdi>Pain radiates (E_57)</bdi>; <bdi>Increased sweating (E_50)</bdi></p>\n"
                + "<p class=\"findings\"><span class=\"kind\">Recorded absent:</span> <bdi>Fever (E_91)</bdi></p>\n"))
        // A finding without a label is named by its code; an empty list says so.
        #expect(html.contains("<bdi>Cough (E_201)</bdi>; <bdi>E_204</bdi></p>"))
        #expect(html.contains(
            "<bdi>Stiff neck (E_131)</bdi></p>\n<p class=\"findings\"><span class=\"kind\">Recorded absent:</span> "
                + "<span class=\"muted\">none</span></p>"))
        // Every case card has both lists, before the comparison table.
        let cards = html.components(separatedBy: "<article class=\"case\">").dropFirst()
        #expect(cards.count == 4)
        for card in cards {
            let reported = card.range(of: "Reported:</span>"), absent = card.range(of: "Recorded absent:</span>")
            let table = card.range(of: "<table class=\"compare\">")
            #expect(reported != nil && absent != nil && table != nil)
            if let reported, let absent, let table {
                #expect(reported.lowerBound < absent.lowerBound && absent.lowerBound < table.lowerBound)
            }
        }
    }

    @Test func aFindingLabelThatIsItsCodeIsShownOnce() {
        var input = ReportFixtures.failing()
        input.mustPassMisses.items[0].presentFindings = [CaseFinding(code: "E_55", label: "e_55"), CaseFinding(code: "E_57", label: "  ")]
        let html = render(input)
        #expect(html.contains("Reported:</span> <bdi>e_55</bdi>; <bdi>E_57</bdi></p>"))
    }

    @Test func longListsOfFindingsAreCutWithACountOfTheRest() {
        var input = ReportFixtures.failing()
        input.mustPassMisses.items[0].presentFindings = (1...9).map { CaseFinding(code: "E_\($0)", label: "Finding \($0)") }
        input.mustPassMisses.items[0].absentFindings = (1...3).map { CaseFinding(code: "E_\(100 + $0)") }
        var limits = ReportLimits.standard
        limits.findings = 3
        var html = render(input, limits: limits)
        #expect(html.contains(
            "Reported:</span> <bdi>Finding 1 (E_1)</bdi>; <bdi>Finding 2 (E_2)</bdi>; <bdi>Finding 3 (E_3)</bdi>; "
                + "<span class=\"muted\">and 6 more</span></p>"))
        #expect(html.contains("Recorded absent:</span> <bdi>E_101</bdi>; <bdi>E_102</bdi>; <bdi>E_103</bdi></p>"), "a list at the limit is whole")

        // The characters of a list: "Finding 1 (E_1)" is 15, so 40 allow two findings.
        limits = .standard
        limits.findingCharacters = 40
        html = render(input, limits: limits)
        #expect(html.contains("Reported:</span> <bdi>Finding 1 (E_1)</bdi>; <bdi>Finding 2 (E_2)</bdi>; <span class=\"muted\">and 7 more</span></p>"))
        limits.findingCharacters = 1
        html = render(input, limits: limits)
        #expect(html.contains("Reported:</span> <bdi>Finding 1 (E_1)</bdi>; <span class=\"muted\">and 8 more</span></p>"), "the first is always shown")

        limits.findings = 0
        html = render(input, limits: limits)
        #expect(html.contains("Reported:</span> <span class=\"muted\">9 not shown</span></p>"))
    }

    @Test func hostileFindingsAreEscapedAndIsolated() {
        let html = render(ReportFixtures.hostile())
        let card = html.components(separatedBy: "<article class=\"case\">").dropFirst().first { $0.contains(ReportFixtures.findingMarker) }
        let findings = card?.components(separatedBy: "<p class=\"findings\">").dropFirst().map { $0.components(separatedBy: "</p>")[0] }
        #expect(findings?.count == 2)
        for list in findings ?? [] {
            #expect(!list.contains("<script") && !list.contains("<img") && !list.contains("<b>"))
            #expect(list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!list.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0 })
            #expect(list.hasPrefix("<span class=\"kind\">"))
            #expect(list.components(separatedBy: "<bdi>").count == list.components(separatedBy: "</bdi>").count)
        }
        #expect(findings?.first?.contains("<bdi>\(ReportFixtures.findingMarker)") == true)
    }

    @Test func everyListIsCappedWithACountOfTheRest() {
        let html = render(ReportFixtures.large())
        #expect(html.components(separatedBy: "<article class=\"case\">").count - 1 == 250)
        #expect(html.contains("… and 1800 more not shown."))
        #expect(html.contains("… and 19,950 more not shown."))
        // 80 long labels: four fit in the characters of a list; 300 short codes: the first 40.
        #expect(html.components(separatedBy: "(E_3)</bdi>; <span class=\"muted\">and 76 more</span></p>").count - 1 == 250)
        #expect(html.components(separatedBy: "<bdi>E_1039</bdi>; <span class=\"muted\">and 260 more</span></p>").count - 1 == 250)
    }

    @Test func glossaryExplainsEveryMetric() {
        let html = render(ReportFixtures.failing())
        for definition in MetricRegistry.all {
            #expect(html.contains("<code>\(definition.id)</code></dt><dd>"), "metric \(definition.id)")
        }
    }

    @Test func provenanceNamesHashesToolAndSeeds() {
        let html = render(ReportFixtures.failing())
        for fragment in [
            String(repeating: "ef", count: 32), String(repeating: "12", count: 32), String(repeating: "ab", count: 32),
            "0.4.0 (commit 0123456789abcdef0123456789abcdef01234567)", "1000 resamples, seed 20261129", "2026-11-29T10:15:00Z",
            "<bdi>20261101-090000-prod</bdi>",
        ] {
            #expect(html.contains(fragment), "\(fragment)")
        }
    }

    @Test func printsOnA4WithoutBreakingRows() {
        let html = render(ReportFixtures.failing())
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("tr, .case, figure, .verdict, dt, dd { break-inside: avoid;"))
    }

    /// Every tag of the page (all `<` of data are escaped, so each `<` starts real markup).
    private func tags(in html: String) -> [String] {
        html.split(separator: "<").dropFirst().map { "<" + ($0.split(separator: ">", maxSplits: 1).first ?? "") + ">" }
    }

    @Test func isSelfContainedWithoutScriptsOrExternalResources() {
        for input in [ReportFixtures.failing(), ReportFixtures.hostile()] {
            let html = render(input).lowercased()
            let tags = tags(in: html)
            #expect(!tags.contains { $0.hasPrefix("<script") || $0.hasPrefix("<link") || $0.hasPrefix("<iframe") || $0.hasPrefix("<img") })
            #expect(!tags.contains { $0.contains(" src=") || $0.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) != nil })
            #expect(tags.filter { $0.contains("href=") }.allSatisfy { $0.contains("href=\"#") })
            #expect(!html.contains("javascript:"))
            #expect(!html.contains("@import"))
            #expect(!html.contains("@font-face"))
            #expect(html.components(separatedBy: "url(").dropFirst().allSatisfy { $0.hasPrefix("#") })
        }
    }

    @Test func hostileTextIsEscapedAndDefused() {
        let html = render(ReportFixtures.hostile())
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>bold"))
        #expect(!html.contains("]]>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&#39;single&#39; &amp; &quot;double&quot;"))
    }

    @Test func hostileTextCannotReorderThePageOrSmuggleControls() {
        let html = render(ReportFixtures.hostile())
        let forbidden: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFFFE, 0xFFFF, 0xFDD0, 0x7F, 0x85]
        #expect(!html.unicodeScalars.contains { forbidden.contains($0.value) })
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(html.contains("<bdi>gnp.exe isolated</bdi>") == false)
        #expect(html.contains("gnp.exe"))
    }

    @Test func outputIsDeterministicWhateverTheOrderOfMetricRows() {
        let input = ReportFixtures.failing()
        var shuffled = input
        shuffled.metrics.reverse()
        shuffled.conditionLabels = Dictionary(uniqueKeysWithValues: input.conditionLabels.map { ($0.key, $0.value) })
        #expect(render(input) == render(shuffled))
    }

    @Test func sizeGrowsWithTheFailuresListedNotTheBank() throws {
        let input = ReportFixtures.large()
        let html = render(input)
        let xml = try JUnitReportWriter().render(input)
        #expect(html.utf8.count <= 3_000_000, "report.html is \(html.utf8.count) bytes")
        #expect(xml.utf8.count <= 1_000_000, "junit.xml is \(xml.utf8.count) bytes")
        #expect(try JUnitSchemas.problems(xml) == [])
    }
}
