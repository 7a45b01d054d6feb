import ClinvalCore

/// Writes `junit.xml` (docs/outputs.md) with libxml2's `xmlTextWriter`: valid against both the strict
/// Ant/JUnitReport schema and the Jenkins xUnit (Surefire) schema.
///
/// ```swift
/// let xml = try JUnitReportWriter().render(input)
/// ```
///
/// Layout:
/// - `<testsuites>` without attributes (the strict schema forbids them).
/// - Suite `gate` (id 0): one testcase per criterion, classname `clinval.gate`, name = criterion id.
///   A failed blocking criterion has `<failure type="criterion-failed">` with the clinician
///   sentence as `message` and the numbers as text; a failed warning criterion is a passed
///   testcase, and the suite's `<system-out>` says it failed (the strict schema allows no output
///   inside a testcase); a criterion not evaluated is `<skipped>`. A run that did not complete adds
///   a testcase `run` with an `<error type="run-error">`.
/// - One suite per bank (name = bank id, classname `clinval.casebank.<id>`): one testcase per
///   `must_pass` vignette, named by vignette id, with `<failure type="must-pass-missed">` when
///   missed. At most ``ReportLimits/junitMustPassCases`` testcases in all, missed ones first; when
///   missed vignettes are left out, a testcase `unlisted-must-pass-misses` fails and says how many.
/// - Numbers go in `message` texts and `<property>` elements (`criterion.<id>.observed`…), never
///   in test names, so names are stable across runs.
///
/// - Important: `junit.xml` holds vignette ids and reasons only, never vignette summaries or model
///   error texts: CI logs are widely readable, and the clinical text belongs in `report.html`.
///
/// Every suite carries `package`, `id`, `name`, `timestamp` (the run's start in UTC,
/// `YYYY-MM-DDTHH:MM:SS`), `hostname`, `tests`, `failures`, `errors`, `skipped` and `time`
/// (seconds, at most three decimals), then `<properties>`, the testcases, `<system-out>` and
/// `<system-err>`, as the strict schema requires.
public struct JUnitReportWriter: Sendable {
    /// What the writer shows at most.
    public var limits: ReportLimits

    /// Creates a writer.
    public init(limits: ReportLimits = .standard) {
        self.limits = limits
    }

    /// The `junit.xml` text for a run.
    ///
    /// - Throws: ``ReportError`` if libxml2 fails (out of memory).
    public func render(_ input: ReportInput) throws(ReportError) -> String {
        let writer = XMLTextWriter()
        let context = Context(input: input, limits: limits)
        writer.start("testsuites")
        writeGateSuite(context, to: writer)
        for (offset, bank) in context.bankSuites.enumerated() {
            writeBankSuite(bank, id: offset + 1, context: context, to: writer)
        }
        writer.end()
        let text = try writer.finish()
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    // MARK: Gate suite

    private func writeGateSuite(_ context: Context, to writer: XMLTextWriter) {
        let input = context.input
        let criteria = Array(input.criteria.prefix(limits.criteria))
        let failures = criteria.filter(\.failsGate).count
        let skipped = criteria.filter { $0.outcome == .notEvaluated || $0.outcome == .waived }.count
        let runErrored = input.run.verdict == nil
        writeSuiteStart(
            name: "gate", package: "clinval", id: 0, context: context, tests: criteria.count + (runErrored ? 1 : 0),
            failures: failures, errors: runErrored ? 1 : 0, skipped: skipped,
            time: ReportFormat.seconds(input.run.durationSeconds), to: writer)

        writer.start("properties")
        for (name, value) in runProperties(input) { property(name, value, to: writer) }
        for criterion in criteria { for (name, value) in criterionProperties(criterion) { property(name, value, to: writer) } }
        writer.end()

        for criterion in criteria { writeCriterionCase(criterion, to: writer) }
        if runErrored {
            writer.start("testcase")
            writer.attribute("name", "run")
            writer.attribute("classname", "clinval.gate")
            writer.attribute("time", ReportFormat.seconds(input.run.durationSeconds))
            writer.start("error")
            writer.attribute("type", "run-error")
            writer.attribute("message", message(runFailureSentence(input.run)))
            writer.text("status: \(ReportText.oneLine(input.run.status.rawValue, limit: limits.shortTextCharacters))\n")
            writer.end()
            writer.end()
        }
        writer.start("system-out")
        writer.text(gateSummary(input, criteria: criteria))
        writer.end()
        writer.start("system-err")
        writer.end()
        writer.end()
    }

    private func writeCriterionCase(_ criterion: ReportedCriterion, to writer: XMLTextWriter) {
        writer.start("testcase")
        writer.attribute("name", nonEmpty(ReportText.oneLine(criterion.id), fallback: "criterion"))
        writer.attribute("classname", "clinval.gate")
        writer.attribute("time", "0.000")
        switch criterion.outcome {
        case .passed:
            break
        case .failed where criterion.severity == .warning:
            break  // a warning never fails the build; the suite's system-out reports it
        case .failed:
            writer.start("failure")
            writer.attribute("type", "criterion-failed")
            writer.attribute("message", message(criterion.message))
            writer.text(criterionDetails(criterion))
            writer.end()
        case .notEvaluated:
            writer.start("skipped")
            let reason = criterion.reason.map { ReportText.oneLine($0, limit: limits.shortTextCharacters) }
            writer.attribute("message", "not evaluated" + (reason.map { ": " + $0 } ?? ""))
            writer.end()
        case .waived:
            writer.start("skipped")
            writer.attribute("message", message(Self.waiverLine(criterion)))
            writer.end()
        }
        writer.end()
    }

    // MARK: Bank suites

    private func writeBankSuite(_ bank: BankSuite, id: Int, context: Context, to writer: XMLTextWriter) {
        let extra = bank.unlistedMissed > 0 ? 1 : 0
        let listedFailures = bank.listed.filter(\.isMissed).count
        let milliseconds = bank.listed.reduce(0) { $0 + Self.milliseconds($1.latencyMs) }
        writeSuiteStart(
            name: bank.id, package: "clinval.casebank", id: id, context: context, tests: bank.listed.count + extra,
            failures: listedFailures + extra, errors: 0, skipped: 0,
            time: ReportFormat.seconds(Double(milliseconds) / 1000), to: writer)

        writer.start("properties")
        if let info = bank.info {
            property("casebank.version", info.version, to: writer)
            property("casebank.sha256", info.sha256, to: writer)
            property("casebank.vignettes", String(info.vignettes), to: writer)
        }
        property("must_pass.total", String(bank.total), to: writer)
        property("must_pass.missed", String(bank.missed), to: writer)
        property("must_pass.unlisted", String(bank.total - bank.listed.count), to: writer)
        writer.end()

        let classname = "clinval.casebank." + bank.id
        for outcome in bank.listed {
            writer.start("testcase")
            writer.attribute("name", nonEmpty(ReportText.oneLine(outcome.vignetteID), fallback: "vignette"))
            writer.attribute("classname", classname)
            writer.attribute("time", ReportFormat.seconds(Double(Self.milliseconds(outcome.latencyMs)) / 1000))
            if let reason = outcome.missReason {
                writer.start("failure")
                writer.attribute("type", "must-pass-missed")
                writer.attribute("message", message(reason))
                writer.text("must_pass vignette \(bank.id)/\(ReportText.oneLine(outcome.vignetteID)) missed: "
                    + ReportText.oneLine(reason, limit: limits.messageCharacters) + "\n")
                writer.end()
            }
            writer.end()
        }
        if extra > 0 {
            writer.start("testcase")
            writer.attribute("name", "unlisted-must-pass-misses")
            writer.attribute("classname", classname)
            writer.attribute("time", "0.000")
            writer.start("failure")
            writer.attribute("type", "must-pass-missed")
            writer.attribute(
                "message",
                "\(bank.unlistedMissed) more missed must_pass vignettes are not listed here; see report.html")
            writer.end()
            writer.end()
        }
        writer.start("system-out")
        var summary = bank.total == 0
            ? "No must_pass vignettes in this bank."
            : "\(bank.missed) of \(bank.total) must_pass vignettes missed."
        if bank.listed.count < bank.total {
            summary += " \(bank.total - bank.listed.count) not listed (\(bank.unlistedMissed) of them missed); see report.html."
        }
        writer.text(summary + "\n")
        writer.end()
        writer.start("system-err")
        writer.end()
        writer.end()
    }

    // MARK: Pieces

    private func writeSuiteStart(
        name: String, package: String, id: Int, context: Context, tests: Int, failures: Int, errors: Int, skipped: Int,
        time: String, to writer: XMLTextWriter
    ) {
        writer.start("testsuite")
        writer.attribute("name", nonEmpty(ReportText.oneLine(name), fallback: "unnamed"))
        writer.attribute("package", package)
        writer.attribute("id", String(id))
        writer.attribute("timestamp", RFC3339Timestamp.withoutZone(context.input.run.startedAt, earliest: .yearOne))
        writer.attribute("hostname", context.hostname)
        writer.attribute("tests", String(tests))
        writer.attribute("failures", String(failures))
        writer.attribute("errors", String(errors))
        writer.attribute("skipped", String(skipped))
        writer.attribute("time", time)
    }

    private func property(_ name: String, _ value: String, to writer: XMLTextWriter) {
        writer.start("property")
        writer.attribute("name", nonEmpty(ReportText.oneLine(name), fallback: "property"))
        writer.attribute("value", ReportText.oneLine(value, limit: limits.messageCharacters))
        writer.end()
    }

    private func runProperties(_ input: ReportInput) -> [(String, String)] {
        let run = input.run
        var properties: [(String, String)] = [
            ("run_id", run.runID),
            ("verdict", run.verdict?.rawValue ?? "none"),
            ("status", run.status.rawValue),
            ("started_at", RFC3339Timestamp.format(run.startedAt, earliest: .yearOne)),
        ]
        if let finished = run.finishedAt { properties.append(("finished_at", RFC3339Timestamp.format(finished, earliest: .yearOne))) }
        properties += [
            ("tool_version", run.toolVersion),
            ("model.name", run.model.name), ("model.version", run.model.version),
            ("model.kind", run.model.kind), ("model.sha256", run.model.sha256),
            ("policy.gate", run.policy.gate), ("policy.sha256", run.policy.sha256),
        ]
        if let commit = run.gitCommit { properties.append(("git_commit", commit)) }
        if let baseline = run.baselineRunID { properties.append(("baseline_run_id", baseline)) }
        if let seed = run.seed { properties.append(("seed", String(seed))) }
        if let bootstrap = run.bootstrap {
            properties.append(("bootstrap.resamples", String(bootstrap.resamples)))
            properties.append(("bootstrap.seed", String(bootstrap.seed)))
        }
        properties += [
            ("counts.vignettes", String(input.counts.vignettes)), ("counts.ok", String(input.counts.ok)),
            ("counts.error", String(input.counts.error)), ("counts.timeout", String(input.counts.timeout)),
            ("counts.approximate", String(input.counts.approximate)),
        ]
        return properties
    }

    func runFailureSentence(_ run: RunInfo) -> String {
        let reason = run.failureMessage.map { ": " + ReportText.oneLine($0, limit: limits.messageCharacters) } ?? ""
        return "the run did not complete" + reason
    }

    /// A one-line message, capped with a pointer to the HTML report.
    func message(_ text: String) -> String {
        ReportText.oneLine(text, limit: limits.messageCharacters, suffix: "… see report.html")
    }

    private func nonEmpty(_ text: String, fallback: String) -> String {
        text.isEmpty ? fallback : text
    }

    private static func milliseconds(_ value: Double?) -> Int {
        guard let value, value.isFinite, value > 0 else { return 0 }
        return value < 1e12 ? Int(value.rounded()) : 1_000_000_000_000
    }

    // MARK: Layout

    private struct BankSuite {
        var id: String
        var info: CasebankIdentity?
        var listed: [MustPassOutcome]
        var total: Int
        var missed: Int
        var unlistedMissed: Int
    }

    private struct Context {
        var input: ReportInput
        var hostname: String
        var bankSuites: [BankSuite]

        init(input: ReportInput, limits: ReportLimits) {
            self.input = input
            let host = ReportText.oneLine(input.run.hostname ?? "", limit: 255)
            hostname = host.isEmpty ? "localhost" : host

            // Which must_pass testcases to list: missed ones first, then passed, up to the cap.
            var budget = limits.junitMustPassCases
            var listedKeys = Set<Int>()
            for pass in [true, false] {
                for (index, outcome) in input.mustPass.enumerated() where outcome.isMissed == pass && budget > 0 {
                    listedKeys.insert(index)
                    budget -= 1
                }
            }
            var order = input.run.casebanks.map(\.id)
            var seen = Set(order)
            for id in input.mustPass.map(\.casebankID).sorted() where !seen.contains(id) {
                order.append(id)
                seen.insert(id)
            }
            var grouped: [String: [(Int, MustPassOutcome)]] = [:]
            for (index, outcome) in input.mustPass.enumerated() {
                grouped[outcome.casebankID, default: []].append((index, outcome))
            }
            bankSuites = order.map { id in
                let outcomes = grouped[id] ?? []
                let listed = outcomes.filter { listedKeys.contains($0.0) }.map(\.1)
                let missed = outcomes.filter { $0.1.isMissed }.count
                return BankSuite(
                    id: id, info: input.run.casebanks.first { $0.id == id }, listed: listed, total: outcomes.count,
                    missed: missed, unlistedMissed: missed - listed.filter(\.isMissed).count)
            }
        }
    }
}

/// Numbers in machine-facing text (JUnit properties and messages).
enum ReportNumbers {
    /// `null` for nil or non-finite; a whole number without decimals; otherwise up to six decimals
    /// without trailing zeros (`0.8235`, `-0.02`, `3`).
    static func plain(_ value: Double?) -> String {
        guard let value, let fixed = ReportFormat.fixed(value, decimals: 6) else { return "null" }
        guard fixed.contains(".") else { return fixed }
        var trimmed = Substring(fixed)
        while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return trimmed == "-0" ? "0" : String(trimmed)
    }
}
