import ClinvalCore
import ClinvalMetrics

extension HTMLReportWriter {
    /// Error, timeout and approximate-inference counts.
    func writeRunQuality(_ page: Page, to html: inout HTMLBuilder) {
        let counts = page.input.counts
        html.raw("<section id=\"run-quality\">\n<h2>Errors and approximations</h2>\n")
        html.raw("<table class=\"numbers\">\n<tbody>\n")
        let rows: [(String, Int)] = [
            ("Vignettes run", counts.vignettes), ("Answered", counts.ok),
            ("Model errors (counted as wrong and under-triaged)", counts.error),
            ("Timeouts (counted as wrong and under-triaged)", counts.timeout),
            ("Answered with approximate inference", counts.approximate),
        ]
        for (label, value) in rows {
            html.raw("<tr><th scope=\"row\">\(label)</th><td class=\"num\">\(ReportFormat.count(value))</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n")
        if page.input.approximations.isEmpty {
            html.raw("<p>Every answer used exact inference.</p>\n")
        } else {
            html.raw(
                "<p>Approximate inference was used where exact inference would have been too costly:</p>\n<table class=\"numbers\">\n<thead><tr><th scope=\"col\">Method</th><th scope=\"col\">Vignettes</th><th scope=\"col\">Error bound or samples</th></tr></thead>\n<tbody>\n"
            )
            for use in page.input.approximations.prefix(limits.breakdownRows) {
                html.raw("<tr><th scope=\"row\">")
                html.isolated(use.method, limit: limits.shortTextCharacters)
                html.raw("</th><td class=\"num\">\(ReportFormat.count(use.vignettes))</td><td>")
                html.isolated(use.detail ?? "—", limit: limits.shortTextCharacters)
                html.raw("</td></tr>\n")
            }
            html.raw("</tbody>\n</table>\n")
        }
        html.raw("</section>\n")
    }

    /// Model, banks, policy, tool, times, seeds, baseline.
    func writeProvenance(_ page: Page, to html: inout HTMLBuilder) {
        let run = page.input.run
        html.raw("<section id=\"provenance\">\n<h2>What was tested</h2>\n<dl class=\"facts\">\n")
        var facts: [(String, String, Bool)] = [
            ("Model", "\(run.model.name) \(run.model.version) (\(run.model.kind))", false),
            ("Model sha256", run.model.sha256, true),
            ("Policy", run.policy.gate + (run.policy.path.map { " (\($0))" } ?? ""), false),
            ("Policy sha256", run.policy.sha256, true),
            ("Run", run.runID, true),
            ("Status", run.status.rawValue, false),
            ("Started", RFC3339Timestamp.format(run.startedAt, earliest: .yearOne), false),
        ]
        if let finished = run.finishedAt {
            facts.append(("Finished", RFC3339Timestamp.format(finished, earliest: .yearOne), false))
            facts.append(("Duration", ReportFormat.duration(run.durationSeconds), false))
        }
        facts.append(("Baseline run", run.baselineRunID ?? "none", run.baselineRunID != nil))
        facts.append(("clinval version", run.toolVersion + (run.gitCommit.map { " (commit \($0))" } ?? ""), false))
        if let jobs = run.jobs { facts.append(("Parallel jobs", String(jobs), false)) }
        if let shard = run.shard { facts.append(("Shard", shard, false)) }
        if let seed = run.seed { facts.append(("Seed", String(seed), true)) }
        if let bootstrap = run.bootstrap {
            facts.append(("Bootstrap", "\(bootstrap.resamples) resamples, seed \(bootstrap.seed)", false))
        }
        for (term, value, isCode) in facts {
            html.raw("<dt>\(term)</dt><dd>")
            html.raw(isCode ? "<code>" : "")
            html.isolated(value, limit: limits.shortTextCharacters)
            html.raw(isCode ? "</code>" : "")
            html.raw("</dd>\n")
        }
        html.raw("</dl>\n")
        let banks = run.casebanks
        if !banks.isEmpty {
            html.raw(
                "<h3>Vignette banks</h3>\n<table class=\"banks\">\n<thead><tr><th scope=\"col\">Bank</th><th scope=\"col\">Version</th><th scope=\"col\">Vignettes</th><th scope=\"col\">Source</th><th scope=\"col\">sha256</th></tr></thead>\n<tbody>\n"
            )
            for bank in banks.prefix(limits.breakdownRows) {
                html.raw("<tr><th scope=\"row\">")
                html.isolated(bank.id, limit: limits.shortTextCharacters)
                if let title = bank.title {
                    html.raw("<br><span class=\"muted\">")
                    html.isolated(title, limit: limits.shortTextCharacters)
                    html.raw("</span>")
                }
                html.raw("</th><td>")
                html.isolated(bank.version, limit: limits.shortTextCharacters)
                html.raw("</td><td class=\"num\">\(ReportFormat.count(bank.vignettes))</td><td>")
                html.isolated(bank.source ?? "—", limit: limits.shortTextCharacters)
                html.raw("</td><td><code class=\"hash\">")
                html.text(bank.sha256, limit: 128)
                html.raw("</code></td></tr>\n")
            }
            html.raw("</tbody>\n</table>\n")
            if banks.count > limits.breakdownRows {
                html.raw("<p class=\"more\">… and \(banks.count - limits.breakdownRows) more banks not shown (see summary.json).</p>\n")
            }
        }
        html.raw("</section>\n")
    }

    /// Every metric of the registry in plain words, and the report's terms.
    func writeGlossary(_ page: Page, to html: inout HTMLBuilder) {
        html.raw("<section id=\"glossary\">\n<h2>Glossary</h2>\n<dl class=\"glossary\">\n")
        let terms: [(String, String)] = [
            ("Vignette", "A written patient case: age, sex and the findings present or absent, labelled by doctors with the correct diagnosis and how urgently the patient should seek care."),
            ("Must-pass vignette", "A sentinel case the doctors marked as one the model may never miss."),
            ("Triage range", "The levels of urgency the doctors accepted for a vignette, from self-care through routine and urgent to emergency."),
            ("95% interval", "The range within which the true value most likely lies, given how many vignettes were tested. Fewer vignettes give a wider interval."),
            ("Blocking and warning criteria", "A failed blocking criterion stops the release. A failed warning criterion is reported but does not stop it."),
            ("Baseline run", "An earlier run, usually of the model in use today, that this run is compared with on the vignettes both share."),
        ]
        for (term, meaning) in terms {
            html.raw("<dt>\(term)</dt><dd>\(HTMLText.escape(meaning))</dd>\n")
        }
        for definition in MetricRegistry.all {
            html.raw("<dt>")
            html.text(definition.title)
            html.raw(" <code>")
            html.text(definition.id)
            html.raw("</code></dt><dd>")
            html.text(definition.plainDescription)
            html.raw("</dd>\n")
        }
        html.raw("</dl>\n</section>\n")
    }
}
