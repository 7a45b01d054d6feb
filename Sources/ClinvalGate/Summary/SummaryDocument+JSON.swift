import ClinvalCore
import ClinvalMetrics

extension SummaryDocument {
    /// The text of `summary.json`: pretty-printed with 2-space indentation, keys in this order,
    /// ending with a newline.
    ///
    /// ```text
    /// schema_version, run_id, verdict,
    /// model {name, version, sha256, kind},
    /// casebanks [{id, version, sha256, vignettes}],
    /// policy {gate, sha256}, baseline_run_id, started_at, finished_at, tool_version,
    /// bootstrap {resamples, seed},
    /// counts {vignettes, ok, error, timeout, approximate},
    /// metrics [{scope, metric, value, ci_lower, ci_upper, ci_upper_exact, n}],
    /// criteria [{id, metric, scope, severity, passed, outcome, observed, threshold, use, message,
    ///            and for a baseline criterion: baseline_run_id, baseline_value, candidate_value,
    ///            difference, difference_ci_lower, difference_ci_upper, p_value, paired_n,
    ///            and for a waived criterion: waiver {id, approver, role, reason, hazard, expires,
    ///            granted_at}}],
    /// labels, waivers, decision_sha256, audit_head
    /// ```
    ///
    /// Scopes are written in their canonical text (`casebank:red-flags`); times as RFC 3339 UTC
    /// to the second (`2026-11-29T12:56:04Z`); `ci_upper_exact` is `null` except for
    /// `emergency_undertriage_rate`. Numbers are Swift's shortest text that reads back as the same
    /// double; counts, and the values of whole-number metrics (`n`, `must_pass_failures`), have
    /// no `.0`.
    public func jsonText() -> String {
        json.text
    }

    /// The document as an ordered JSON value.
    var json: OrderedJSON {
        .object([
            ("schema_version", .integer(Self.schemaVersion)),
            ("run_id", .string(runID)),
            ("verdict", .string(verdict.rawValue)),
            (
                "model",
                .object([
                    ("name", .string(model.name)),
                    ("version", .string(model.version)),
                    ("sha256", .string(model.sha256)),
                    ("kind", .string(model.kind)),
                ])
            ),
            (
                "casebanks",
                .array(
                    casebanks.map { bank in
                        .object([
                            ("id", .string(bank.id)),
                            ("version", .string(bank.version)),
                            ("sha256", .string(bank.sha256)),
                            ("vignettes", .integer(bank.vignettes)),
                        ])
                    })
            ),
            ("policy", .object([("gate", .string(policy.gate)), ("sha256", .string(policy.sha256))])),
            ("baseline_run_id", .string(baselineRunID)),
            ("started_at", .string(RFC3339Timestamp.format(startedAt))),
            ("finished_at", .string(finishedAt.map { RFC3339Timestamp.format($0) })),
            ("tool_version", .string(toolVersion)),
            (
                "bootstrap",
                .object([
                    ("resamples", .integer(bootstrap.resamples)),
                    // Seeds are at most 2^53 in a loaded policy; a larger one is clamped rather than trapping.
                    ("seed", .integer(Int(clamping: bootstrap.seed))),
                ])
            ),
            (
                "counts",
                .object([
                    ("vignettes", .integer(counts.vignettes)),
                    ("ok", .integer(counts.ok)),
                    ("error", .integer(counts.error)),
                    ("timeout", .integer(counts.timeout)),
                    ("approximate", .integer(counts.approximate)),
                ])
            ),
            ("metrics", .array(metrics.map(Self.json(metric:)))),
            ("criteria", .array(decision.criteria.map(Self.json(criterion:)))),
            ("labels", .string(labels.rawValue)),
            ("waivers", .integer(decision.waived.count)),
            ("decision_sha256", .string(decision.decisionSHA256)),
            ("audit_head", .string(auditHead)),
        ])
    }

    /// One metric row.
    static func json(metric row: MetricValue) -> OrderedJSON {
        let definition = MetricRegistry.definition(for: row.metric)
        let whole = definition?.isWholeNumber ?? false
        let hasExact = definition?.hasExactUpperBound ?? false
        return .object([
            ("scope", .string(row.scope.description)),
            ("metric", .string(row.metric)),
            ("value", .number(row.value, whole: whole)),
            ("ci_lower", .number(row.ciLower, whole: false)),
            ("ci_upper", .number(row.ciUpper, whole: false)),
            ("ci_upper_exact", .number(hasExact ? row.ciUpperExact : nil, whole: false)),
            ("n", .integer(row.n)),
        ])
    }

    /// One criterion result.
    static func json(criterion result: CriterionResult) -> OrderedJSON {
        let whole =
            result.id == Criterion.approvalID || (MetricRegistry.definition(for: result.metric)?.isWholeNumber ?? false)
        var members: [(String, OrderedJSON)] = [
            ("id", .string(result.id)),
            ("metric", .string(result.metric)),
            ("scope", .string(result.scope.description)),
            ("severity", .string(result.severity.rawValue)),
            ("passed", .bool(result.passed)),
            ("outcome", .string(result.outcome.rawValue)),
            ("observed", .number(result.observed, whole: whole)),
            ("threshold", .number(result.threshold, whole: whole)),
            ("use", .string(result.use.rawValue)),
            ("message", .string(result.message)),
        ]
        if let baseline = result.baseline {
            members += [
                ("baseline_run_id", .string(baseline.runID)),
                ("baseline_value", .number(baseline.baselineValue, whole: whole)),
                ("candidate_value", .number(baseline.candidateValue, whole: whole)),
                ("difference", .number(baseline.difference, whole: whole)),
                ("difference_ci_lower", .number(baseline.differenceCILower, whole: false)),
                ("difference_ci_upper", .number(baseline.differenceCIUpper, whole: false)),
                ("p_value", .number(baseline.pValue, whole: false)),
                ("paired_n", .integer(baseline.pairedN)),
            ]
        }
        if result.isWaived, let waiver = result.waiver?.waiver {
            members.append(
                (
                    "waiver",
                    .object([
                        ("id", .integer(waiver.id.map(Int.init))),
                        ("approver", .string(waiver.approver)),
                        ("role", .string(waiver.role)),
                        ("reason", .string(waiver.reason)),
                        ("hazard", .string(waiver.hazard)),
                        ("expires", .string(waiver.expiresOn.description)),
                        ("granted_at", .string(RFC3339Timestamp.format(waiver.grantedAt))),
                    ])
                ))
        }
        return .object(members)
    }
}
