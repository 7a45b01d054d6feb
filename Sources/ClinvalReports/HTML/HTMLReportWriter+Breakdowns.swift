import ClinvalCore
import ClinvalMetrics

extension HTMLReportWriter {
    /// One breakdown table: a kind of scope and its rows in display order.
    private struct Group {
        var title: String
        var scopes: [String]
    }

    /// Accuracy and under-triage by bank, tag, sex, age band, doctors' triage level and condition.
    func writeBreakdowns(_ page: Page, to html: inout HTMLBuilder) {
        html.raw("<section id=\"breakdowns\">\n<h2>Results by group</h2>\n")
        html.raw(
            "<p>Top-3 accuracy: the doctors' diagnosis among the model's first three suggestions. Under-triage: less urgent advice than the doctors accepted, or no answer. A group with few vignettes has a wide interval.</p>\n"
        )
        let groups = self.groups(page)
        if groups.allSatisfy({ $0.scopes.isEmpty }) {
            html.raw("<p>No breakdowns were computed.</p>\n")
        }
        for group in groups where !group.scopes.isEmpty {
            html.raw("<h3>")
            html.text(group.title)
            html.raw("</h3>\n")
            html.raw(
                "<table class=\"numbers breakdown\">\n<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Vignettes</th><th scope=\"col\">Top-3 accuracy (95% interval)</th><th scope=\"col\">Triage accuracy</th><th scope=\"col\">Under-triage</th></tr></thead>\n<tbody>\n"
            )
            for scope in group.scopes.prefix(limits.breakdownRows) {
                writeBreakdownRow(scope, page: page, to: &html)
            }
            html.raw("</tbody>\n</table>\n")
            if group.scopes.count > limits.breakdownRows {
                html.raw("<p class=\"more\">… and \(group.scopes.count - limits.breakdownRows) more groups not shown (see summary.json).</p>\n")
            }
        }
        html.raw("</section>\n")
    }

    private func writeBreakdownRow(_ scope: String, page: Page, to html: inout HTMLBuilder) {
        let size = page.row("n", scope: scope)?.value.map { Int($0.isFinite ? $0.rounded() : 0) }
            ?? page.row("top3_accuracy", scope: scope)?.n ?? 0
        html.raw("<tr><th scope=\"row\">")
        if case .success(.casebank(let id)) = Scope.parse(scope) {
            html.isolated(id, limit: limits.shortTextCharacters)
            if let title = page.input.run.casebanks.first(where: { $0.id == id })?.title {
                html.raw("<br><span class=\"muted\">")
                html.isolated(title, limit: limits.shortTextCharacters)
                html.raw("</span>")
            }
        } else if case .success(.condition(let code)) = Scope.parse(scope) {
            html.isolated(page.condition(code), limit: limits.shortTextCharacters)
        } else {
            html.isolated(ReportVocabulary.scopeLabel(scope), limit: limits.shortTextCharacters)
        }
        html.raw("</th><td class=\"num\">\(ReportFormat.count(size))</td>")
        if size == 0 {
            html.raw("<td colspan=\"3\" class=\"muted\">no vignettes</td></tr>\n")
            return
        }
        let top3 = page.row("top3_accuracy", scope: scope)
        html.raw("<td>")
        html.text(ReportVocabulary.value(top3?.value, metric: "top3_accuracy"))
        if let top3, let interval = ReportVocabulary.interval(top3.ciLower, top3.ciUpper, metric: "top3_accuracy") {
            html.raw(" <span class=\"muted\">(")
            html.text(interval)
            html.raw(")</span>")
        }
        html.raw("</td><td class=\"num\">")
        html.text(ReportVocabulary.value(page.row("triage_accuracy", scope: scope)?.value, metric: "triage_accuracy"))
        html.raw("</td><td class=\"num\">")
        html.text(ReportVocabulary.value(page.row("undertriage_rate", scope: scope)?.value, metric: "undertriage_rate"))
        html.raw("</td></tr>\n")
    }

    /// The scopes of the metric table, grouped by kind, in display order.
    private func groups(_ page: Page) -> [Group] {
        var banks: [String] = [], tags: [String] = [], sexes: [(Int, String)] = [], ages: [(Int, Int, String)] = []
        var levels: [(Int, String)] = [], conditions: [String] = [], others: [String] = []
        let bankOrder = Dictionary(
            page.input.run.casebanks.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var bankScopes: [(Int, String)] = []
        for scope in page.scopes {
            switch Scope.parse(scope) {
            case .success(.all): continue
            case .success(.casebank(let id)): bankScopes.append((bankOrder[id] ?? Int.max, scope))
            case .success(.tag): tags.append(scope)
            case .success(.sex(let sex)): sexes.append((sex == .female ? 0 : 1, scope))
            case .success(.age(let range)): ages.append((range.lowerBound, range.upperBound, scope))
            case .success(.triage(let level)): levels.append((-level.rank, scope))
            case .success(.condition): conditions.append(scope)
            case .failure: others.append(scope)
            }
        }
        banks = bankScopes.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1)
        return [
            Group(title: "By bank", scopes: banks),
            Group(title: "By tag", scopes: tags),
            Group(title: "By sex", scopes: sexes.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1)),
            Group(title: "By age band (years)", scopes: ages.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.2)),
            Group(
                title: "By the doctors' triage level (least urgent accepted)",
                scopes: levels.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1)),
            Group(title: "By diagnosis", scopes: conditions),
            Group(title: "Other groups", scopes: others),
        ]
    }
}
