import ClinvalCore
import ClinvalGate

/// The gate suite's text about each criterion: its properties, the details of a failure, the
/// suite's summary and the words for outcomes.
extension JUnitReportWriter {
    func criterionProperties(_ criterion: ReportedCriterion) -> [(String, String)] {
        let prefix = "criterion." + ReportText.oneLine(criterion.id) + "."
        var properties: [(String, String)] = [
            (prefix + "outcome", outcomeWord(criterion)),
            (prefix + "metric", criterion.metric),
            (prefix + "scope", criterion.scope),
            (prefix + "severity", criterion.severity.rawValue),
            (prefix + "use", criterion.use),
            (prefix + "observed", ReportNumbers.plain(criterion.observed)),
            (prefix + "threshold", ReportNumbers.plain(criterion.threshold)),
        ]
        if let reason = criterion.reason { properties.append((prefix + "reason", reason)) }
        if let baseline = criterion.baseline {
            properties += [
                (prefix + "baseline_value", ReportNumbers.plain(baseline.baselineValue)),
                (prefix + "difference", ReportNumbers.plain(baseline.difference)),
                (prefix + "difference_ci_lower", ReportNumbers.plain(baseline.differenceCILower)),
                (prefix + "difference_ci_upper", ReportNumbers.plain(baseline.differenceCIUpper)),
                (prefix + "p_value", ReportNumbers.plain(baseline.pValue)),
                (prefix + "paired_n", baseline.pairedN.map(String.init) ?? "null"),
            ]
        }
        return properties
    }

    func criterionDetails(_ criterion: ReportedCriterion) -> String {
        var lines = [
            "metric: \(ReportText.oneLine(criterion.metric)) (scope \(ReportText.oneLine(criterion.scope)))",
            "observed (\(ReportText.oneLine(criterion.use))): \(ReportNumbers.plain(criterion.observed))",
            "threshold: \(ReportNumbers.plain(criterion.threshold))",
        ]
        if let reason = criterion.reason {
            lines.append("reason: \(ReportText.oneLine(reason, limit: limits.shortTextCharacters))")
        }
        if let baseline = criterion.baseline {
            lines.append("baseline value: \(ReportNumbers.plain(baseline.baselineValue))")
            lines.append(
                "difference: \(ReportNumbers.plain(baseline.difference)) (95% CI \(ReportNumbers.plain(baseline.differenceCILower)) to \(ReportNumbers.plain(baseline.differenceCIUpper)))"
            )
            if let p = baseline.pValue { lines.append("p-value: \(ReportNumbers.plain(p))") }
            if let n = baseline.pairedN { lines.append("paired vignettes: \(n)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func gateSummary(_ input: ReportInput, criteria: [ReportedCriterion]) -> String {
        var lines: [String] = []
        switch input.run.verdict {
        case .pass?: lines.append("VERDICT: pass (run \(ReportText.oneLine(input.run.runID)))")
        case .fail?: lines.append("VERDICT: fail (run \(ReportText.oneLine(input.run.runID)))")
        case nil: lines.append("VERDICT: none, \(runFailureSentence(input.run))")
        }
        for criterion in criteria {
            let word: String
            switch criterion.outcome {
            case .passed: word = "PASS"
            case .failed: word = criterion.severity == .warning ? "WARNING (failed, not blocking)" : "FAIL"
            case .notEvaluated: word = "NOT EVALUATED"
            case .waived: word = "WAIVED"
            }
            lines.append("\(word) \(ReportText.oneLine(criterion.id)): \(message(criterion.message))")
        }
        if input.criteria.count > criteria.count {
            lines.append("\(input.criteria.count - criteria.count) more criteria not listed; see report.html")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func outcomeWord(_ criterion: ReportedCriterion) -> String {
        criterion.isFailedWarning ? "warning-failed" : criterion.outcome.rawValue
    }

    /// `waived by NAME (ROLE) until DAY: REASON (hazard REF)`, for a waived criterion's
    /// `<skipped>`.
    static func waiverLine(_ criterion: ReportedCriterion) -> String {
        guard let waiver = criterion.waiver?.waiver else { return "waived" }
        return "waived by \(ReportText.oneLine(waiver.approver)) (\(ReportText.oneLine(waiver.role))) until "
            + "\(waiver.expiresOn): \(ReportText.oneLine(waiver.reason))"
            + (waiver.hazard.map { " (hazard \(ReportText.oneLine($0)))" } ?? "")
    }
}
