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
}
