import ClinvalCore
import ClinvalGate

extension HTMLReportWriter {
    /// The clinical review: the labels scored against, the waivers found (covering, expired or
    /// outgrown), the signatures with whether each signs the current decision, the decision's
    /// digest and the audit trail's head.
    func writeReview(_ page: Page, to html: inout HTMLBuilder) {
        let review = page.input.review
        let short = limits.shortTextCharacters
        html.raw("<section id=\"review\">\n<h2>Clinical review</h2>\n<p>")
        html.text(
            review.labels == .adjudicated
                ? "Scored against the adjudicated labels: the doctors' labels with the clinicians' standing corrections applied."
                : "Scored against the labels as the banks give them.")
        html.raw("</p>\n")

        let waivers = page.input.criteria.compactMap { criterion in criterion.waiver.map { (criterion.id, $0) } }
        if waivers.isEmpty {
            html.raw("<p>No waivers apply to this run.</p>\n")
        } else {
            html.raw(
                "<h3>Waivers</h3>\n<table class=\"criteria\">\n<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">State</th><th scope=\"col\">Accepted by</th><th scope=\"col\">Why</th><th scope=\"col\">Until</th><th scope=\"col\">Hazard</th></tr></thead>\n<tbody>\n"
            )
            for (id, use) in waivers.prefix(limits.criteria) {
                let waiver = use.waiver
                html.raw("<tr><th scope=\"row\">")
                html.isolated(id, limit: short)
                html.raw("</th><td>\(Self.waiverState(use.state))</td><td>")
                html.isolated("\(waiver.approver) (\(waiver.role))", limit: short)
                html.raw("</td><td>")
                html.isolated(waiver.reason, limit: limits.messageCharacters)
                html.raw("</td><td>\(waiver.expiresOn)</td><td>")
                html.isolated(waiver.hazard ?? "—", limit: short)
                html.raw("</td></tr>\n")
            }
            html.raw("</tbody>\n</table>\n")
        }

        writeAdjudications(page, to: &html)

        if review.signatures.isEmpty {
            html.raw("<p>No one has signed this run.</p>\n")
        } else {
            html.raw(
                "<h3>Signatures</h3>\n<table class=\"criteria\">\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th><th scope=\"col\">Meaning</th><th scope=\"col\">Signed</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n"
            )
            for state in review.signatures.prefix(limits.criteria) {
                let signature = state.signature
                html.raw("<tr><th scope=\"row\">")
                html.isolated(signature.name, limit: short)
                html.raw("</th><td>")
                html.isolated(signature.role, limit: short)
                html.raw("</td><td>\(signature.meaning.rawValue)</td><td>")
                html.text(page.humanTime(signature.signedAt))
                html.raw("</td><td>")
                html.text(state.isCurrent ? "on this decision" : "superseded: the decision has changed since")
                html.raw("</td></tr>\n")
            }
            html.raw("</tbody>\n</table>\n")
        }
        html.raw("<dl class=\"facts\">\n<dt>Decision digest (what a signature signs)</dt><dd><code>")
        html.text(review.decisionSHA256 ?? "none")
        html.raw("</code></dd>\n<dt>Audit trail head at the decision</dt><dd><code>")
        html.text(review.auditHead ?? "none")
        html.raw("</code></dd>\n</dl>\n</section>\n")
    }

    static func waiverState(_ state: WaiverUse.State) -> String {
        switch state {
        case .applied: "covers the failure"
        case .expired: "expired: does not count"
        case .outgrown: "outgrown: the result is now worse; does not count"
        }
    }

    /// The adjudications: counts by conclusion, misses and hits reviewed, the headline both ways
    /// when labels changed, and each adjudicated vignette.
    func writeAdjudications(_ page: Page, to html: inout HTMLBuilder) {
        let summary = page.input.adjudications
        guard !summary.items.isEmpty else {
            html.raw("<p>No results of this run have been adjudicated.</p>\n")
            return
        }
        html.raw("<h3>Adjudications</h3>\n<p>")
        let counts = AdjudicationConclusion.allCases.compactMap { conclusion in
            summary.counts[conclusion].map { "\($0) \(conclusion.rawValue.replacingOccurrences(of: "_", with: " "))" }
        }
        html.text(
            "\(summary.items.count) vignette\(summary.items.count == 1 ? "" : "s") adjudicated (\(counts.joined(separator: ", "))): "
                + "\(summary.reviewedMisses) of them misses and \(summary.reviewedHits) hits against the labels as given.")
        html.raw("</p>\n")
        if !summary.headline.isEmpty {
            html.raw(
                "<p>Corrections made after seeing a model's answers favour that model; the headline results both ways:</p>\n<table class=\"numbers\">\n<thead><tr><th scope=\"col\">Metric</th><th scope=\"col\">As labelled</th><th scope=\"col\">Adjudicated</th></tr></thead>\n<tbody>\n"
            )
            for row in summary.headline {
                html.raw("<tr><th scope=\"row\">")
                html.text(ReportVocabulary.metricTitle(row.metric))
                html.raw("</th><td class=\"num\">")
                html.text(ReportVocabulary.value(row.asLabelled, metric: row.metric))
                html.raw("</td><td class=\"num\">")
                html.text(ReportVocabulary.value(row.adjudicated, metric: row.metric))
                html.raw("</td></tr>\n")
            }
            html.raw("</tbody>\n</table>\n")
        }
        html.raw(
            "<table class=\"criteria\">\n<thead><tr><th scope=\"col\">Vignette</th><th scope=\"col\">Conclusion</th><th scope=\"col\">Correction</th><th scope=\"col\">Reviewer</th><th scope=\"col\">Comment</th></tr></thead>\n<tbody>\n"
        )
        let short = limits.shortTextCharacters
        for item in summary.items.prefix(limits.breakdownRows) {
            let adjudication = item.adjudication
            html.raw("<tr><th scope=\"row\">")
            html.isolated(item.vignette.description, limit: short)
            html.raw("</th><td>\(adjudication.conclusion.rawValue)\(item.wasMiss ? " (a miss)" : " (a hit)")</td><td>")
            var correction: [String] = []
            if let diagnosis = adjudication.diagnosis { correction.append("diagnosis \(page.condition(diagnosis))") }
            if !adjudication.alsoCorrect.isEmpty {
                correction.append("also correct: " + adjudication.alsoCorrect.map(page.condition).joined(separator: ", "))
            }
            if let triage = adjudication.triage { correction.append("triage \(triage)") }
            html.isolated(correction.isEmpty ? "—" : correction.joined(separator: "; "), limit: limits.messageCharacters)
            html.raw("</td><td>")
            html.isolated(adjudication.reviewer, limit: short)
            html.raw("<br><span class=\"muted\">")
            html.text(page.humanTime(adjudication.createdAt))
            html.raw("</span></td><td>")
            html.isolated(adjudication.comment ?? "—", limit: limits.messageCharacters)
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n")
        if summary.items.count > limits.breakdownRows {
            html.raw("<p class=\"more\">… and \(summary.items.count - limits.breakdownRows) more adjudicated vignettes.</p>\n")
        }
    }
}
