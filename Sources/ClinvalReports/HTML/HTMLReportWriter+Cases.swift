import ClinvalCore

extension HTMLReportWriter {
    /// Every missed `must_pass` vignette and the worst other misses, capped.
    func writeCases(_ page: Page, to html: inout HTMLBuilder) {
        let mustPass = page.input.mustPassMisses
        html.raw("<section id=\"missed-must-pass\">\n<h2>Missed must-pass vignettes</h2>\n")
        if let row = page.row("must_pass_failures", scope: "all") {
            html.raw("<p>")
            html.text("\(row.value.map { ReportVocabulary.value($0, metric: "must_pass_failures") } ?? "—") of \(ReportFormat.count(row.n)) must-pass vignettes were missed.")
            html.raw(" A must-pass vignette is missed when the correct condition is not in the model's first three suggestions, the advice is less urgent than the doctors accepted, or the model gave no answer.</p>\n")
        }
        writeCaseList(mustPass, limit: limits.mustPassMisses, empty: "No must-pass vignette was missed.", page: page, to: &html)
        html.raw("</section>\n")

        html.raw("<section id=\"worst-misses\">\n<h2>Other misses</h2>\n")
        html.raw("<p>Vignettes that are not must-pass but were missed, most serious first (as ranked by clinval).</p>\n")
        writeCaseList(page.input.worstMisses, limit: limits.worstMisses, empty: "No other misses to show.", page: page, to: &html)
        html.raw("</section>\n")
    }

    private func writeCaseList(_ list: CaseList, limit: Int, empty: String, page: Page, to html: inout HTMLBuilder) {
        guard list.total > 0 else {
            html.raw("<p class=\"none\">\(empty)</p>\n")
            return
        }
        let shown = list.items.prefix(limit)
        for detail in shown { writeCase(detail, page: page, to: &html) }
        let hidden = list.total - shown.count
        if hidden > 0 {
            html.raw("<p class=\"more\">… and \(ReportFormat.count(hidden)) more not shown. The database of the run holds every result.</p>\n")
        }
    }

    private func writeCase(_ detail: CaseDetail, page: Page, to html: inout HTMLBuilder) {
        let short = limits.shortTextCharacters
        html.raw("<article class=\"case\">\n<h3><span class=\"symbol\" aria-hidden=\"true\">✘</span> ")
        html.isolated(detail.casebankID, limit: short)
        html.raw(" / ")
        html.isolated(detail.vignetteID, limit: short)
        html.raw("</h3>\n<p class=\"reason\">")
        html.text(detail.reason, limit: short)
        html.raw("</p>\n<p class=\"patient\">")
        html.text("Patient: \(detail.age) \(detail.age == 1 ? "year" : "years"), \(detail.sex == .female ? "female" : "male")")
        html.raw("</p>\n")
        if let summary = detail.summary, !ReportText.oneLine(summary).isEmpty {
            html.raw("<blockquote class=\"summary\"><p>")
            html.isolated(summary, limit: limits.summaryCharacters)
            html.raw("</p></blockquote>\n")
        }
        writeFindings("Reported", detail.presentFindings, page: page, to: &html)
        writeFindings("Recorded absent", detail.absentFindings, page: page, to: &html)
        html.raw(
            "<table class=\"compare\">\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">Doctors</th><th scope=\"col\">Model</th></tr></thead>\n<tbody>\n"
        )
        // Diagnosis.
        html.raw("<tr><th scope=\"row\">Diagnosis</th><td>")
        html.isolated(page.condition(detail.goldDiagnosis), limit: short)
        if !detail.alsoCorrect.isEmpty {
            html.raw("<br><span class=\"muted\">also correct: ")
            html.isolated(codeList(detail.alsoCorrect, page: page), limit: short * 2)
            html.raw("</span>")
        }
        if let differential = detail.goldDifferential, !differential.isEmpty {
            html.raw("<br><span class=\"muted\">differential: ")
            html.isolated(codeList(differential, page: page), limit: short * 2)
            html.raw("</span>")
        }
        html.raw("</td><td>")
        let correct = Set([detail.goldDiagnosis] + detail.alsoCorrect)
        let entries = detail.modelDifferential.prefix(limits.differentialEntries)
        if entries.isEmpty {
            html.raw("<span class=\"muted\">no suggestions</span>")
        } else {
            html.raw("<ol class=\"ddx\">")
            for entry in entries {
                html.raw("<li>")
                html.isolated(page.condition(entry.condition), limit: short)
                html.raw(" <span class=\"prob\">")
                html.text(ReportFormat.percent(min(max(entry.probability, 0), 1)) ?? "—")
                html.raw("</span>")
                if correct.contains(entry.condition) { html.raw(" <strong>✔ correct</strong>") }
                html.raw("</li>")
            }
            html.raw("</ol>")
        }
        html.raw("</td></tr>\n")
        // Triage.
        html.raw("<tr><th scope=\"row\">Triage</th><td>")
        html.text(ReportVocabulary.range(detail.goldTriageLow, detail.goldTriageHigh))
        html.raw("</td><td>")
        if let triage = detail.modelTriage {
            html.text(ReportVocabulary.word(triage))
            if triage < detail.goldTriageLow {
                html.raw(" <strong>▼ under-triaged</strong>")
            } else if triage > detail.goldTriageHigh {
                html.raw(" <span class=\"muted\">▲ more urgent than needed</span>")
            }
        } else {
            html.raw("<strong>no answer</strong>")
        }
        html.raw("</td></tr>\n")
        if detail.status != .ok || detail.error != nil {
            html.raw("<tr><th scope=\"row\">Status</th><td></td><td>")
            html.text(detail.status.rawValue, limit: short)
            if let error = detail.error {
                html.raw(": ")
                html.isolated(error, limit: short)
            }
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n</article>\n")
    }

    /// `Reported: Fever (E_91); Cough (E_201); and 3 more`: the findings in their order, each
    /// isolated, as many as ``ReportLimits/findings`` and ``ReportLimits/findingCharacters`` allow;
    /// `none` for an empty list.
    private func writeFindings(_ heading: String, _ findings: [CaseFinding], page: Page, to html: inout HTMLBuilder) {
        html.raw("<p class=\"findings\"><span class=\"kind\">\(heading):</span> ")
        if findings.isEmpty {
            html.raw("<span class=\"muted\">none</span></p>\n")
            return
        }
        var shown = 0
        var characters = 0
        for finding in findings {
            guard shown < limits.findings else { break }
            // The label is cut already (``Page/finding(_:)``); this cut keeps an overlong code short.
            let text = ReportText.oneLine(page.finding(finding), limit: limits.shortTextCharacters * 2)
            if shown > 0 && characters + text.count > limits.findingCharacters { break }
            if shown > 0 { html.raw("; ") }
            html.isolated(text)
            characters += text.count
            shown += 1
        }
        let hidden = findings.count - shown
        if hidden > 0 {
            html.raw(shown > 0 ? "; " : "")
            html.raw("<span class=\"muted\">")
            html.text(shown > 0 ? "and \(ReportFormat.count(hidden)) more" : "\(ReportFormat.count(hidden)) not shown")
            html.raw("</span>")
        }
        html.raw("</p>\n")
    }

    private func codeList(_ codes: [String], page: Page) -> String {
        let shown = codes.prefix(limits.goldCodes).map(page.condition)
        let more = codes.count > limits.goldCodes ? ", and \(codes.count - limits.goldCodes) more" : ""
        return shown.joined(separator: ", ") + more
    }
}
