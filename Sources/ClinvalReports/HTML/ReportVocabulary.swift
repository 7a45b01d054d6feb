import ClinvalCore
import ClinvalMetrics
import ClinvalGate

/// Words and number formats the HTML report shows clinicians.
enum ReportVocabulary {
    /// `Emergency`, `Urgent`, `Routine`, `Self-care`.
    static func word(_ level: TriageLevel) -> String {
        switch level {
        case .emergency: "Emergency"
        case .urgent: "Urgent"
        case .routine: "Routine"
        case .selfCare: "Self-care"
        }
    }

    /// `Emergency`, or `Urgent to emergency` for a range.
    static func range(_ low: TriageLevel, _ high: TriageLevel) -> String {
        low == high ? word(low) : "\(word(low)) to \(word(high).lowercased())"
    }

    /// A scope for people: `All vignettes`, `Age 18–39`, `Female`, `Bank red-flags`.
    static func scopeLabel(_ scope: String) -> String {
        switch Scope.parse(scope) {
        case .success(.all): "All vignettes"
        case .success(.casebank(let id)): "Bank \(id)"
        case .success(.tag(let tag)): "Tag \(tag)"
        case .success(.sex(let sex)): sex == .female ? "Female" : "Male"
        case .success(.age(let range)): "Age \(range.lowerBound)–\(range.upperBound)"
        case .success(.triage(let level)): "Doctors' triage from \(word(level).lowercased())"
        case .success(.condition(let code)): "Diagnosis \(code)"
        case .failure: scope
        }
    }

    /// A metric's short name (`Top-3 accuracy`), or its id when unknown.
    static func metricTitle(_ id: String) -> String {
        if id == Criterion.approvalID { return "Signed approval" }
        return MetricRegistry.definition(for: id)?.title ?? id
    }

    /// A metric value as people read it: a percentage for shares and mean scores, a whole number
    /// for counts, three decimals for calibration errors, milliseconds for latencies. `—` when
    /// undefined.
    static func value(_ value: Double?, metric: String) -> String {
        guard let value, value.isFinite else { return "—" }
        guard let definition = MetricRegistry.definition(for: metric) else {
            return ReportFormat.fixed(value, decimals: 3) ?? "—"
        }
        switch definition.kind {
        case .proportion, .mean:
            return ReportFormat.percent(value) ?? "—"
        case .count, .size:
            return ReportFormat.fixed(value, decimals: 0) ?? "—"
        case .calibration:
            let decimals = definition.valueRange == nil ? 2 : 3
            return ReportFormat.fixed(value, decimals: decimals) ?? "—"
        case .latency:
            return (ReportFormat.fixed(value, decimals: 1) ?? "—") + " ms"
        }
    }

    /// `78.1% to 86.0%`, or `nil` when either bound is missing.
    static func interval(_ lower: Double?, _ upper: Double?, metric: String) -> String? {
        guard let lower, let upper, lower.isFinite, upper.isFinite else { return nil }
        return "\(value(lower, metric: metric)) to \(value(upper, metric: metric))"
    }

    /// A difference of a share in percentage points (`−1.2 pp`), or as a plain number for other
    /// metrics; a minus sign, not a hyphen.
    static func difference(_ value: Double?, metric: String) -> String {
        guard let value, value.isFinite else { return "—" }
        let kind = MetricRegistry.definition(for: metric)?.kind
        let isShare = kind == .proportion || kind == .mean
        guard let number = ReportFormat.fixed(isShare ? value * 100 : value, decimals: isShare ? 1 : 3) else { return "—" }
        let unit = isShare ? " pp" : ""
        if number.hasPrefix("-") { return "−" + number.dropFirst() + unit }
        let isZero = number.allSatisfy { $0 == "0" || $0 == "." }
        return (isZero ? "" : "+") + number + unit
    }

    /// `Better when higher` / `lower`.
    static func direction(_ metric: String) -> String {
        switch MetricRegistry.definition(for: metric)?.direction {
        case .higherIsBetter?: "higher is better"
        case .lowerIsBetter?: "lower is better"
        default: ""
        }
    }
}
