import ClinvalCore
import ClinvalGate
import ClinvalReports

/// What a decided run's page shows, from the same report model as `report.html`: the verdict in
/// words, each criterion with its sentence, and the review state.
enum RunPageValues {
    static func decided(_ input: ReportInput) -> [String: Any] {
        let waived = input.criteria.filter { $0.outcome == .waived }
        let failed = input.criteria.filter(\.failsGate)
        var values: [String: Any] = ["decided": true]
        switch input.run.verdict {
        case .pass?:
            values["verdictWords"] =
                waived.isEmpty
                ? "Pass: ready for release."
                : "Pass: ready for release with \(waived.count) waiver\(waived.count == 1 ? "" : "s")."
            values["verdictClass"] = "pass"
        case .fail?:
            values["verdictWords"] =
                "Fail: not ready for release; \(failed.count) blocking criteri\(failed.count == 1 ? "on" : "a") failed."
            values["verdictClass"] = "fail"
        case nil:
            values["verdictWords"] = "Not decided"
            values["verdictClass"] = "none"
        }
        values["criteria"] = input.criteria.map { criterion -> [String: Any] in
            var row: [String: Any] = [
                "id": PageText.clean(criterion.id), "severity": criterion.severity.rawValue,
                "outcome": criterion.outcome.rawValue, "message": PageText.clean(criterion.message),
            ]
            if let reason = criterion.reason { row["reason"] = PageText.clean(reason) }
            return row
        }
        let waivers = input.criteria.compactMap { criterion -> [String: Any]? in
            guard let use = criterion.waiver else { return nil }
            return [
                "criterion": PageText.clean(criterion.id), "approver": PageText.clean(use.waiver.approver),
                "role": PageText.clean(use.waiver.role), "reason": PageText.clean(use.waiver.reason),
                "hazard": PageText.clean(use.waiver.hazard ?? "—"), "expires": use.waiver.expiresOn.description,
                "state": use.state.rawValue,
            ]
        }
        values["waivers"] = waivers
        values["hasWaivers"] = !waivers.isEmpty
        let signatures = input.review.signatures.map { state -> [String: Any] in
            [
                "name": PageText.clean(state.signature.name), "role": PageText.clean(state.signature.role),
                "meaning": state.signature.meaning.rawValue,
                "signedAt": PageRenderer.time(state.signature.signedAt) ?? "",
                "state": state.isCurrent ? "current" : "superseded",
                "comment": PageText.clean(state.signature.comment ?? ""),
            ]
        }
        values["signatures"] = signatures
        values["hasSignatures"] = !signatures.isEmpty
        values["labels"] = input.review.labels.rawValue
        values["decisionSHA256"] = input.review.decisionSHA256 ?? "—"
        values["auditHead"] = input.review.auditHead ?? "—"
        return values
    }

    /// What the run page's review forms need: who may waive and sign, the failed blocking
    /// criteria, and the decision's digest, which each form sends back so that a run decided
    /// again since the page was loaded refuses it.
    static func forms(_ input: ReportInput, digest: String?, user: UserAccount, chosen: String?) -> [String: Any] {
        var values: [String: Any] = [
            "canWaive": user.permission.includes(.approver), "canApprove": user.permission.includes(.approver),
            "decisionDigest": digest ?? "",
        ]
        if let role = user.signingRole { values["signingRole"] = PageText.clean(role) }
        let failed = input.criteria.filter { $0.failsGate && $0.id != Criterion.approvalID }
        values["failed"] = failed.map { ["id": PageText.clean($0.id), "selected": $0.id == chosen] as [String: Any] }
        values["hasFailed"] = !failed.isEmpty
        return values
    }
}
