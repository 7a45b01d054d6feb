import ClinvalCore
import Foundation

/// The payloads of the audit entries the store appends, one function per kind of change. Keys are
/// the names of the database columns the values come from; a review record's payload holds all
/// its fields (docs/database.md).
enum AuditPayloads {
    /// `run_started`: a new run's model, banks, policy, shard and settings.
    static func started(_ run: RunRecord, casebanks: [CasebankIdentity]) -> AuditPayload {
        AuditPayload([
            "model": model(run.model),
            "casebanks": .array(
                casebanks.map { bank in
                    .object([
                        "id": .string(bank.id), "version": .string(bank.version), "sha256": .string(bank.sha256),
                        "vignettes": .int(bank.vignettes),
                    ])
                }),
            "policy_gate": .text(run.policyGate), "policy_sha256": .text(run.policySHA256),
            "shard": .text(run.shard?.description), "jobs": .int(run.jobs), "seed": .int(run.seed),
            "tool_version": .string(run.toolVersion), "git_commit": .text(run.gitCommit),
            "started_at": .time(run.startedAt),
        ])
    }

    /// `run_started` for a run taken up again with `--resume`: its identity and what it keeps.
    static func resumed(_ run: RunRecord, results: Int) -> AuditPayload {
        AuditPayload([
            "resumed": .bool(true), "model": model(run.model), "shard": .text(run.shard?.description),
            "results": .int(results),
        ])
    }

    /// `gate_decided`: the verdict and what it was decided with.
    static func decided(
        verdict: Verdict, labels: LabelsMode, policyGate: String?, policySHA256: String?, baselineRunID: String?,
        decisionSHA256: String?
    ) -> AuditPayload {
        var payload = AuditPayload([
            "verdict": .string(verdict.rawValue), "labels": .string(labels.rawValue),
            "policy_gate": .text(policyGate), "policy_sha256": .text(policySHA256),
            "baseline_run_id": .text(baselineRunID),
        ])
        if let decisionSHA256 { payload.members["decision_sha256"] = .string(decisionSHA256) }
        return payload
    }

    /// `merge`: one shard copied into the merged run.
    static func merged(shard: Shard?, results: Int, finishedAt: Date?) -> AuditPayload {
        AuditPayload([
            "shard": .text(shard?.description), "results": .int(results), "shard_finished_at": .time(finishedAt),
        ])
    }

    /// `adjudication`: every field of the record.
    static func adjudication(_ record: Adjudication) -> AuditPayload {
        AuditPayload([
            "id": .integer(record.id ?? 0), "casebank_id": .string(record.vignette.casebankID),
            "vignette_id": .string(record.vignette.vignetteID), "vignette_digest": .string(record.vignetteDigest),
            "run_id": .string(record.runID), "conclusion": .string(record.conclusion.rawValue),
            "diagnosis": .text(record.diagnosis), "also_correct": .strings(record.alsoCorrect),
            "triage_lo": .text(record.triage?.lower.rawValue), "triage_hi": .text(record.triage?.upper.rawValue),
            "reviewer": .string(record.reviewer), "comment": .text(record.comment),
            "created_at": .time(record.createdAt),
        ])
    }

    /// `waiver`: every field of the record.
    static func waiver(_ record: Waiver) -> AuditPayload {
        AuditPayload([
            "id": .integer(record.id ?? 0), "model_name": .string(record.modelName),
            "model_version": .string(record.modelVersion), "model_sha256": .string(record.modelSHA256),
            "casebanks_sha256": .string(record.casebanksSHA256), "policy_sha256": .string(record.policySHA256),
            "criterion_id": .string(record.criterionID), "run_id": .string(record.runID),
            "observed_at_grant": .number(record.observedAtGrant), "value_at_grant": .real(record.valueAtGrant),
            "approver": .string(record.approver), "role": .string(record.role), "reason": .string(record.reason),
            "hazard": .text(record.hazard), "expires_on": .string(record.expiresOn.description),
            "granted_at": .time(record.grantedAt),
        ])
    }

    /// `signature`: every field of the record.
    static func signature(_ record: Signature) -> AuditPayload {
        AuditPayload([
            "id": .integer(record.id ?? 0), "run_id": .string(record.runID), "name": .string(record.name),
            "role": .string(record.role), "meaning": .string(record.meaning.rawValue),
            "decision_sha256": .string(record.decisionSHA256), "comment": .text(record.comment),
            "signed_at": .time(record.signedAt),
        ])
    }

    private static func model(_ model: ModelIdentity) -> AuditPayload.Value {
        .object([
            "name": .string(model.name), "version": .string(model.version), "kind": .string(model.kind),
            "sha256": .string(model.sha256),
        ])
    }
}
