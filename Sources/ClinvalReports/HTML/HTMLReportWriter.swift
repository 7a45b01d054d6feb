import ClinvalCore
import ClinvalGate
import ClinvalMetrics
import Foundation

/// Writes `report.html` (docs/outputs.md): one self-contained page for clinicians.
///
/// ```swift
/// let html = HTMLReportWriter().render(input)
/// ```
///
/// In order: the verdict in plain words and why; each criterion with its sentence and a status
/// shown by word and symbol (never by colour alone); the headline metrics with 95% intervals;
/// the baseline comparison; a reliability diagram and a triage confusion matrix as inline SVG;
/// accuracy and under-triage by bank, tag, sex, age band, doctors' triage level and condition;
/// every missed `must_pass` vignette and the worst misses, with the doctors' labels beside the
/// model's answer; error and approximation counts; provenance; a glossary of every metric.
///
/// - Important: The page makes no external request and has no JavaScript (the Argo UI blocks
///   scripts): styles are inline, charts are inline SVG, links are in-page anchors only, and a
///   Content-Security-Policy forbids scripts and remote loads as a second line of defence. All text
///   from banks, models and policies is cleaned (control characters and bidirectional overrides
///   removed, ``ReportText``), escaped, and free text is isolated in `<bdi>`.
///
/// The output is deterministic (no generation time; lists in input or sorted order) and its size
/// grows with the failures listed, not with the banks: every list is capped by ``limits``, with
/// "N more not shown".
public struct HTMLReportWriter: Sendable {
    /// What the writer shows at most.
    public var limits: ReportLimits

    /// The headline metrics of scope `all`, in the order shown.
    public static let headlineMetrics = [
        "top1_accuracy", "top3_accuracy", "triage_accuracy", "undertriage_rate", "emergency_undertriage_rate",
        "must_pass_failures", "ece", "error_rate", "coverage",
    ]

    /// Creates a writer.
    public init(limits: ReportLimits = .standard) {
        self.limits = limits
    }

    /// The `report.html` text for a run.
    public func render(_ input: ReportInput) -> String {
        let page = Page(input: input, limits: limits)
        var html = HTMLBuilder()
        html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        html.raw(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'\">\n"
        )
        html.raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        html.raw("<title>")
        html.text("\(page.verdictWords) — \(input.run.model.name) \(input.run.model.version) — run \(input.run.runID)", limit: 200)
        html.raw("</title>\n<style>\n")
        html.raw(HTMLStyle.css)
        html.raw("</style>\n</head>\n<body>\n")
        writeVerdict(page, to: &html)
        writeContents(page, to: &html)
        html.raw("<main>\n")
        writeCriteria(page, to: &html)
        writeHeadline(page, to: &html)
        writeBaseline(page, to: &html)
        writeCharts(page, to: &html)
        writeBreakdowns(page, to: &html)
        writeCases(page, to: &html)
        writeRunQuality(page, to: &html)
        writeReview(page, to: &html)
        writeProvenance(page, to: &html)
        writeGlossary(page, to: &html)
        html.raw("</main>\n</body>\n</html>\n")
        return html.output
    }

    // MARK: Verdict

    private func writeVerdict(_ page: Page, to html: inout HTMLBuilder) {
        let input = page.input
        let style: String
        let symbol: String
        switch input.run.verdict {
        case .pass?: (style, symbol) = ("pass", "✔")
        case .fail?: (style, symbol) = ("fail", "✘")
        case nil: (style, symbol) = ("none", "■")
        }
        html.raw("<header class=\"verdict verdict-\(style)\">\n<p class=\"kicker\">Release gate report · ")
        html.text("\(input.run.model.name) \(input.run.model.version)", limit: limits.shortTextCharacters)
        html.raw("</p>\n<h1><span class=\"symbol\" aria-hidden=\"true\">\(symbol)</span> ")
        html.text(page.verdictWords)
        html.raw("</h1>\n<p class=\"why\">")
        html.text(verdictReason(page), limit: limits.messageCharacters * 2)
        html.raw("</p>\n<p class=\"context\">")
        let banks = input.run.casebanks
        var context = "\(ReportFormat.count(input.counts.vignettes)) vignettes from \(banks.count) "
            + (banks.count == 1 ? "bank" : "banks")
        if !banks.isEmpty && banks.count <= 6 { context += " (\(banks.map(\.id).joined(separator: ", ")))" }
        context += " · policy \(input.run.policy.gate) · run \(input.run.runID) · started \(page.humanTime(input.run.startedAt))"
        html.text(context, limit: limits.messageCharacters)
        html.raw("</p>\n</header>\n")
    }

    private func verdictReason(_ page: Page) -> String {
        let criteria = page.input.criteria
        let blocking = criteria.filter { $0.severity == .blocking }
        let failed = criteria.filter(\.failsGate)
        let warnings = criteria.filter(\.isFailedWarning)
        var sentences: [String] = []
        switch page.input.run.verdict {
        case .fail?:
            if failed.isEmpty {
                sentences.append("The gate failed.")
            } else {
                let noun = failed.count == 1 ? "blocking criterion" : "blocking criteria"
                sentences.append("\(failed.count) \(noun) failed: \(Self.list(failed.map(\.id), limit: 10)).")
            }
        case .pass? where criteria.contains { $0.outcome == .waived }:
            let waived = criteria.filter { $0.outcome == .waived }
            let passed = blocking.count - waived.count
            sentences.append(
                "\(passed) of the \(blocking.count) blocking criteria passed; "
                    + "\(waived.count) failed and \(waived.count == 1 ? "is" : "are") waived: "
                    + Self.list(waived.map(Self.waiverSummary), limit: 5) + ".")
        case .pass?:
            if blocking.isEmpty {
                sentences.append("The policy has no blocking criteria.")
            } else if blocking.count == 1 {
                sentences.append("The 1 blocking criterion passed.")
            } else {
                sentences.append("All \(blocking.count) blocking criteria passed.")
            }
        case nil:
            var text = "The run did not complete"
            if let message = page.input.run.failureMessage { text += ": " + ReportText.oneLine(message) }
            sentences.append(text + ". The results below are incomplete and no release decision was made.")
        }
        if page.input.run.verdict == .fail, !page.input.criteria.filter({ $0.outcome == .waived }).isEmpty {
            let waived = page.input.criteria.filter { $0.outcome == .waived }
            sentences.append("Waived: " + Self.list(waived.map(Self.waiverSummary), limit: 5) + ".")
        }
        if !warnings.isEmpty {
            let noun = warnings.count == 1 ? "warning criterion" : "warning criteria"
            sentences.append(
                "\(warnings.count) \(noun) failed (reported, not blocking): \(Self.list(warnings.map(\.id), limit: 10)).")
        }
        return sentences.joined(separator: " ")
    }

    /// `top3 (by Dr A. Okafor, clinical-safety-officer, until 2026-12-31, hazard HAZ-7)`.
    static func waiverSummary(_ criterion: ReportedCriterion) -> String {
        guard let waiver = criterion.waiver?.waiver else { return criterion.id }
        return "\(criterion.id) (by \(waiver.approver), \(waiver.role), until \(waiver.expiresOn)"
            + (waiver.hazard.map { ", hazard \($0)" } ?? "") + ")"
    }

    static func list(_ items: [String], limit: Int) -> String {
        let shown = items.prefix(limit).joined(separator: ", ")
        return items.count > limit ? shown + " and \(items.count - limit) more" : shown
    }

    private func writeContents(_ page: Page, to html: inout HTMLBuilder) {
        var entries = [("criteria", "Release criteria"), ("headline", "Headline results")]
        if page.hasBaseline { entries.append(("baseline", "Comparison with the baseline run")) }
        entries += [
            ("charts", "Calibration and triage"), ("breakdowns", "Results by group"),
            ("missed-must-pass", "Missed must-pass vignettes"), ("worst-misses", "Other misses"),
            ("run-quality", "Errors and approximations"), ("review", "Clinical review"),
            ("provenance", "What was tested"),
            ("glossary", "Glossary"),
        ]
        html.raw("<nav aria-label=\"Contents\"><ul>\n")
        for (anchor, title) in entries { html.raw("<li><a href=\"#\(anchor)\">\(title)</a></li>\n") }
        html.raw("</ul></nav>\n")
    }

    // MARK: Criteria

    private func writeCriteria(_ page: Page, to html: inout HTMLBuilder) {
        let criteria = page.input.criteria
        html.raw("<section id=\"criteria\">\n<h2>Release criteria</h2>\n")
        guard !criteria.isEmpty else {
            html.raw("<p>No criteria were evaluated.</p>\n</section>\n")
            return
        }
        html.raw(
            "<table class=\"criteria\">\n<thead><tr><th scope=\"col\">Result</th><th scope=\"col\">Criterion</th><th scope=\"col\">What was measured</th></tr></thead>\n<tbody>\n"
        )
        for criterion in criteria.prefix(limits.criteria) {
            let status = Self.status(of: criterion)
            html.raw("<tr class=\"row-\(status.style)\"><td>")
            html.raw(Self.badge(status))
            html.raw("<br><span class=\"muted\">\(criterion.severity == .blocking ? "blocking" : "warning only")</span></td><td><strong>")
            html.isolated(criterion.id, limit: limits.shortTextCharacters)
            html.raw("</strong><br><span class=\"muted\">")
            // The approval requirement is over no vignettes: its title alone.
            let scope = criterion.id == Criterion.approvalID ? "" : " · " + ReportVocabulary.scopeLabel(criterion.scope)
            html.text(ReportVocabulary.metricTitle(criterion.metric) + scope, limit: limits.shortTextCharacters)
            html.raw("</span></td><td>")
            html.isolated(criterion.message, limit: limits.messageCharacters)
            if let reason = criterion.reason, !criterion.message.lowercased().contains(reason.lowercased()) {
                html.raw("<br><span class=\"muted\">Reason: ")
                html.text(reason, limit: limits.shortTextCharacters)
                html.raw("</span>")
            }
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n")
        if criteria.count > limits.criteria {
            html.raw("<p class=\"more\">… and \(criteria.count - limits.criteria) more criteria not shown (see summary.json).</p>\n")
        }
        html.raw("</section>\n")
    }

    struct Status {
        var style: String
        var symbol: String
        var word: String
    }

    static func status(of criterion: ReportedCriterion) -> Status {
        switch (criterion.outcome, criterion.severity) {
        case (.passed, _): Status(style: "pass", symbol: "✔", word: "PASS")
        case (.failed, .blocking): Status(style: "fail", symbol: "✘", word: "FAIL")
        case (.failed, .warning): Status(style: "warn", symbol: "▲", word: "WARNING")
        case (.notEvaluated, _): Status(style: "none", symbol: "■", word: "NOT EVALUATED")
        case (.waived, _): Status(style: "waived", symbol: "◆", word: "WAIVED")
        }
    }

    static func badge(_ status: Status) -> String {
        "<span class=\"badge badge-\(status.style)\"><span aria-hidden=\"true\">\(status.symbol)</span> \(status.word)</span>"
    }

    // MARK: Headline

    private func writeHeadline(_ page: Page, to html: inout HTMLBuilder) {
        html.raw("<section id=\"headline\">\n<h2>Headline results</h2>\n")
        html.raw("<p>All vignettes of the run. Intervals are 95% confidence intervals.</p>\n")
        html.raw(
            "<table class=\"numbers\">\n<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">Result</th><th scope=\"col\">95% interval</th><th scope=\"col\">Vignettes</th><th scope=\"col\">Direction</th></tr></thead>\n<tbody>\n"
        )
        for metric in Self.headlineMetrics {
            let row = page.row(metric, scope: "all")
            html.raw("<tr><th scope=\"row\">")
            html.text(ReportVocabulary.metricTitle(metric))
            html.raw("</th><td class=\"num\">")
            if metric == "must_pass_failures", let row, let value = row.value {
                html.text("\(ReportVocabulary.value(value, metric: metric)) of \(row.n)")
            } else {
                html.text(ReportVocabulary.value(row?.value, metric: metric))
            }
            html.raw("</td><td>")
            if let row, let interval = ReportVocabulary.interval(row.ciLower, row.ciUpper, metric: metric) {
                html.text(interval)
            } else {
                html.raw("—")
            }
            if let exact = row?.ciUpperExact, exact.isFinite {
                html.raw("<br><span class=\"muted\">exact upper bound (one-sided 95%): ")
                html.text(ReportVocabulary.value(exact, metric: metric))
                html.raw("</span>")
            }
            html.raw("</td><td class=\"num\">")
            html.text(row.map { ReportFormat.count($0.n) } ?? "—")
            html.raw("</td><td class=\"muted\">")
            html.text(ReportVocabulary.direction(metric))
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }

    // MARK: Baseline

    private func writeBaseline(_ page: Page, to html: inout HTMLBuilder) {
        guard page.hasBaseline else { return }
        let compared = page.input.criteria.prefix(limits.criteria).filter { $0.baseline != nil }
        html.raw("<section id=\"baseline\">\n<h2>Comparison with the baseline run</h2>\n<p>")
        if let baseline = page.input.run.baselineRunID {
            html.raw("Baseline run ")
            html.isolated(baseline, limit: limits.shortTextCharacters)
            html.raw(". Differences are this model minus the baseline, over the vignettes both runs share.")
        } else {
            html.raw("No baseline run was given; criteria that need one are decided by the policy's <code>first_run</code> rule.")
        }
        html.raw("</p>\n")
        if !compared.isEmpty {
            html.raw(
                "<table class=\"numbers\">\n<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">Baseline</th><th scope=\"col\">This run</th><th scope=\"col\">Difference (95% interval)</th><th scope=\"col\">p-value</th><th scope=\"col\">Shared vignettes</th><th scope=\"col\">Result</th></tr></thead>\n<tbody>\n"
            )
            for criterion in compared {
                guard let baseline = criterion.baseline else { continue }
                html.raw("<tr><th scope=\"row\">")
                html.isolated(criterion.id, limit: limits.shortTextCharacters)
                html.raw("<br><span class=\"muted\">")
                html.text(ReportVocabulary.metricTitle(criterion.metric) + " · " + ReportVocabulary.scopeLabel(criterion.scope),
                    limit: limits.shortTextCharacters)
                html.raw("</span></th><td class=\"num\">")
                html.text(ReportVocabulary.value(baseline.baselineValue, metric: criterion.metric))
                html.raw("</td><td class=\"num\">")
                html.text(ReportVocabulary.value(baseline.candidateValue, metric: criterion.metric))
                html.raw("</td><td>")
                html.text(ReportVocabulary.difference(baseline.difference, metric: criterion.metric))
                if baseline.differenceCILower != nil || baseline.differenceCIUpper != nil {
                    html.raw(" ")
                    html.text("(\(ReportVocabulary.difference(baseline.differenceCILower, metric: criterion.metric)) to \(ReportVocabulary.difference(baseline.differenceCIUpper, metric: criterion.metric)))")
                }
                html.raw("</td><td class=\"num\">")
                html.text(baseline.pValue.flatMap { ReportFormat.fixed($0, decimals: 3) } ?? "—")
                html.raw("</td><td class=\"num\">")
                html.text(baseline.pairedN.map { ReportFormat.count($0) } ?? "—")
                html.raw("</td><td>")
                html.raw(Self.badge(Self.status(of: criterion)))
                html.raw("</td></tr>\n")
            }
            html.raw("</tbody>\n</table>\n")
        }
        html.raw("</section>\n")
    }
}

/// What the sections share: the input, the limits and a metric index.
struct Page {
    let input: ReportInput
    let limits: ReportLimits
    private let rows: [String: [String: MetricValue]]

    init(input: ReportInput, limits: ReportLimits) {
        self.input = input
        self.limits = limits
        var rows: [String: [String: MetricValue]] = [:]
        for row in input.metrics where rows[row.scope.description]?[row.metric] == nil {
            rows[row.scope.description, default: [:]][row.metric] = row
        }
        self.rows = rows
    }

    /// The first row of a metric in a scope.
    func row(_ metric: String, scope: String) -> MetricValue? {
        rows[scope]?[metric]
    }

    /// Every scope with rows, as canonical text.
    var scopes: [String] { rows.keys.sorted() }

    /// `READY FOR RELEASE`, `READY FOR RELEASE WITH 1 WAIVER`, `NOT READY FOR RELEASE`,
    /// `NO VERDICT`.
    var verdictWords: String {
        let waived = input.criteria.filter { $0.outcome == .waived }.count
        switch input.run.verdict {
        case .pass? where waived > 0: return "READY FOR RELEASE WITH \(waived) WAIVER\(waived == 1 ? "" : "S")"
        case .pass?: return "READY FOR RELEASE"
        case .fail?: return "NOT READY FOR RELEASE"
        case nil: return "NO VERDICT: THE RUN DID NOT COMPLETE"
        }
    }

    /// Whether the baseline section has something to say.
    var hasBaseline: Bool {
        input.run.baselineRunID != nil || input.criteria.contains { $0.baseline != nil }
    }

    /// `2026-11-29 10:15 UTC`.
    func humanTime(_ date: Date) -> String {
        let stamp = RFC3339Timestamp.withoutZone(date, earliest: .yearOne)
        return String(stamp.prefix(10)) + " " + String(stamp.dropFirst(11).prefix(5)) + " UTC"
    }

    /// `Pneumonia (J18)` when the model gives a label, else the code.
    func condition(_ code: String) -> String {
        labelled(code, input.conditionLabels[code])
    }

    /// `Fever (E_91)` when the model gives a label, else the code.
    func finding(_ finding: CaseFinding) -> String {
        labelled(finding.code, finding.label)
    }

    /// `Label (code)`; the label alone when it is the code, the code alone without a label.
    private func labelled(_ code: String, _ label: String?) -> String {
        if let label {
            let clean = ReportText.oneLine(label, limit: limits.shortTextCharacters)
            if clean.lowercased() == code.lowercased() { return clean }
            if !clean.isEmpty { return "\(clean) (\(code))" }
        }
        return code
    }
}
