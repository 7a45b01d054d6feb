import ClinvalCore
import Foundation
import GRDB

/// The clinicians' records (docs/database.md): adjudications, waivers and signatures. Each is
/// recorded with its audit entry (`adjudication`, `waiver`, `signature`, the record's fields as
/// the payload) in one transaction, and never changed afterwards: a later record supersedes an
/// earlier one.
extension ResultStore {
    // MARK: - Adjudications

    /// Records a clinician's conclusion on one vignette of a run, with its audit entry.
    ///
    /// - Parameter seen: With ``SeenState/latestAdjudication(_:)``, the latest adjudication of the
    ///   vignette the reviewer saw; a later one recorded since refuses this one.
    /// - Returns: The adjudication as stored, with its ``Adjudication/id``.
    /// - Throws: `StoreError` with code `runNotFound`, `invalidRecord` (the run has no such
    ///   vignette), `staleState`, or `database`.
    @discardableResult
    public func recordAdjudication(_ adjudication: Adjudication, seen: SeenState = .unchecked) throws -> Adjudication {
        try write("record an adjudication of vignette \(quoted(adjudication.vignette.description))") { db in
            try requireRun(db, adjudication.runID)
            if case .latestAdjudication(let seenID) = seen {
                let latest = try Int64.fetchOne(
                    db, sql: "SELECT MAX(id) FROM adjudications WHERE casebank_id = ? AND vignette_id = ?",
                    arguments: [adjudication.vignette.casebankID, adjudication.vignette.vignetteID])
                guard latest == seenID else {
                    throw StoreError(
                        .staleState,
                        "vignette \(quoted(adjudication.vignette.description)) was adjudicated again (adjudication "
                            + "\(latest.map(String.init) ?? "none")) since the form was loaded",
                        path: path)
                }
            }
            let known = try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM vignettes WHERE run_id = ? AND casebank_id = ? AND vignette_id = ?)",
                arguments: [adjudication.runID, adjudication.vignette.casebankID, adjudication.vignette.vignetteID]
            ) ?? false
            guard known else {
                throw StoreError(
                    .invalidRecord,
                    "run \(quoted(adjudication.runID)) has no vignette \(quoted(adjudication.vignette.description))",
                    path: path)
            }
            try db.execute(
                sql: """
                    INSERT INTO adjudications (casebank_id, vignette_id, vignette_digest, run_id, conclusion, diagnosis,
                        also_correct_json, triage_lo, triage_hi, reviewer, comment, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    adjudication.vignette.casebankID, adjudication.vignette.vignetteID, adjudication.vignetteDigest,
                    adjudication.runID, adjudication.conclusion.rawValue, adjudication.diagnosis,
                    JSONList.encode(adjudication.alsoCorrect), adjudication.triage?.lower.rawValue,
                    adjudication.triage?.upper.rawValue, adjudication.reviewer, adjudication.comment,
                    RFC3339Timestamp.format(adjudication.createdAt),
                ])
            var stored = adjudication
            stored.id = db.lastInsertedRowID
            stored.createdAt = Self.wholeSecond(adjudication.createdAt)
            try appendAudit(db, .adjudication, runID: stored.runID, payload: AuditPayloads.adjudication(stored))
            return stored
        }
    }

    /// Every adjudication of a vignette, whatever its content then, latest first: the first is the
    /// one that stands for that content, the others are its history.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func adjudications(of vignette: VignetteKey) throws -> [Adjudication] {
        try read("read the adjudications of vignette \(quoted(vignette.description))") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM adjudications WHERE casebank_id = ? AND vignette_id = ? ORDER BY id DESC",
                arguments: [vignette.casebankID, vignette.vignetteID]
            ).map(decodeAdjudication)
        }
    }

    /// Every adjudication, latest first (adjudications are made by people, so there are few).
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func allAdjudications() throws -> [Adjudication] {
        try read("read the adjudications") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM adjudications ORDER BY id DESC").map(decodeAdjudication)
        }
    }

    /// The adjudication that stands for each of a set of vignettes: the latest one made on the
    /// vignette with the same content (its digest), whatever the run or the bank's version.
    ///
    /// - Parameter vignettes: Each vignette with the digest of its content now.
    /// - Returns: The standing adjudication of each vignette that has one.
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func standingAdjudications(for vignettes: [VignetteKey: String]) throws -> [VignetteKey: Adjudication] {
        guard !vignettes.isEmpty else { return [:] }
        return try read("read the standing adjudications") { db in
            // Adjudications are made by people, so there are few; one pass, newest first.
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM adjudications ORDER BY id DESC")
            var standing: [VignetteKey: Adjudication] = [:]
            while let row = try rows.next() {
                let key = VignetteKey(
                    casebankID: try row.decode(forColumn: "casebank_id"), vignetteID: try row.decode(forColumn: "vignette_id"))
                guard standing[key] == nil, let digest = vignettes[key],
                    try row.decode(String.self, forColumn: "vignette_digest") == digest
                else { continue }
                standing[key] = try decodeAdjudication(row)
            }
            return standing
        }
    }

    private func decodeAdjudication(_ row: Row) throws -> Adjudication {
        let id: Int64 = try row.decode(forColumn: "id")
        do {
            let low = try RowDecoding.optionalEnum(
                TriageLevel.self, try row.decode(forColumn: "triage_lo"), column: "adjudications.triage_lo")
            let high = try RowDecoding.optionalEnum(
                TriageLevel.self, try row.decode(forColumn: "triage_hi"), column: "adjudications.triage_hi")
            var triage: TriageRange?
            if let low, let high {
                guard let range = TriageRange(lower: low, upper: high) else {
                    throw StoreError(.database, "triage_lo is more urgent than triage_hi")
                }
                triage = range
            }
            return Adjudication(
                id: id,
                vignette: VignetteKey(
                    casebankID: try row.decode(forColumn: "casebank_id"), vignetteID: try row.decode(forColumn: "vignette_id")),
                vignetteDigest: try row.decode(forColumn: "vignette_digest"), runID: try row.decode(forColumn: "run_id"),
                conclusion: try RowDecoding.enumValue(
                    AdjudicationConclusion.self, try row.decode(forColumn: "conclusion"), column: "adjudications.conclusion"),
                diagnosis: try row.decode(forColumn: "diagnosis"),
                alsoCorrect: try JSONList.decode(try row.decode(forColumn: "also_correct_json"), decoder: JSONDecoder()),
                triage: triage, reviewer: try row.decode(forColumn: "reviewer"), comment: try row.decode(forColumn: "comment"),
                createdAt: try RowDecoding.date(try row.decode(forColumn: "created_at"), column: "adjudications.created_at"))
        } catch {
            throw StoreError(.unreadableRecord, "adjudication \(id): \(StoreError.describe(error))", path: path)
        }
    }

    // MARK: - Waivers

    /// Records a waiver granted on a run, with its audit entry.
    ///
    /// - Returns: The waiver as stored, with its ``Waiver/id``.
    /// - Throws: `StoreError` with code `runNotFound` or `database`.
    @discardableResult
    public func recordWaiver(_ waiver: Waiver, seen: SeenState = .unchecked) throws -> Waiver {
        try write("record a waiver of criterion \(quoted(waiver.criterionID))") { db in
            try requireRun(db, waiver.runID)
            if case .decision(let digest) = seen {
                try requireDecision(db, runID: waiver.runID, digest)
            }
            try db.execute(
                sql: """
                    INSERT INTO waivers (model_name, model_version, model_sha256, casebanks_sha256, policy_sha256,
                        criterion_id, run_id, observed_at_grant, value_at_grant, approver, role, reason, hazard,
                        expires_on, granted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    waiver.modelName, waiver.modelVersion, waiver.modelSHA256, waiver.casebanksSHA256,
                    waiver.policySHA256, waiver.criterionID, waiver.runID, waiver.observedAtGrant, waiver.valueAtGrant,
                    waiver.approver, waiver.role, waiver.reason, waiver.hazard, waiver.expiresOn.description,
                    RFC3339Timestamp.format(waiver.grantedAt),
                ])
            var stored = waiver
            stored.id = db.lastInsertedRowID
            stored.grantedAt = Self.wholeSecond(waiver.grantedAt)
            try appendAudit(db, .waiver, runID: stored.runID, payload: AuditPayloads.waiver(stored))
            return stored
        }
    }

    /// The waivers granted on a run, oldest first.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func waivers(runID: String) throws -> [Waiver] {
        try read("read the waivers of run \(quoted(runID))") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM waivers WHERE run_id = ? ORDER BY id", arguments: [runID])
                .map(decodeWaiver)
        }
    }

    /// The waivers granted for a model (name, version and sha256) on banks (their combined
    /// digest) under a policy, for one criterion or all of them, oldest first, whatever their
    /// expiry: whether one covers a decision is the gate's to judge.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func waivers(
        model: ModelIdentity, casebanksSHA256: String, policySHA256: String, criterionID: String? = nil
    ) throws -> [Waiver] {
        try read("read the waivers of model \(quoted(model.name))") { db in
            var sql = """
                SELECT * FROM waivers
                WHERE model_name = ? AND model_version = ? AND model_sha256 = ? AND casebanks_sha256 = ?
                    AND policy_sha256 = ?
                """
            var arguments: StatementArguments = [
                model.name, model.version, model.sha256, casebanksSHA256, policySHA256,
            ]
            if let criterionID {
                sql += " AND criterion_id = ?"
                arguments += [criterionID]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: arguments).map(decodeWaiver)
        }
    }

    private func decodeWaiver(_ row: Row) throws -> Waiver {
        let id: Int64 = try row.decode(forColumn: "id")
        do {
            let expires: String = try row.decode(forColumn: "expires_on")
            guard let day = CalendarDay(expires) else {
                throw StoreError(.database, "unexpected day \(quoted(expires)) in column waivers.expires_on")
            }
            return Waiver(
                id: id, modelName: try row.decode(forColumn: "model_name"),
                modelVersion: try row.decode(forColumn: "model_version"),
                modelSHA256: try row.decode(forColumn: "model_sha256"),
                casebanksSHA256: try row.decode(forColumn: "casebanks_sha256"),
                policySHA256: try row.decode(forColumn: "policy_sha256"),
                criterionID: try row.decode(forColumn: "criterion_id"), runID: try row.decode(forColumn: "run_id"),
                observedAtGrant: try row.decode(forColumn: "observed_at_grant"),
                valueAtGrant: try row.decode(forColumn: "value_at_grant"), approver: try row.decode(forColumn: "approver"),
                role: try row.decode(forColumn: "role"), reason: try row.decode(forColumn: "reason"),
                hazard: try row.decode(forColumn: "hazard"), expiresOn: day,
                grantedAt: try RowDecoding.date(try row.decode(forColumn: "granted_at"), column: "waivers.granted_at"))
        } catch {
            throw StoreError(.unreadableRecord, "waiver \(id): \(StoreError.describe(error))", path: path)
        }
    }

    // MARK: - Signatures

    /// Records an electronic signature on a run's decision, with its audit entry.
    ///
    /// A signature signs one decision: the run's current decision must still be the one named
    /// by ``Signature/decisionSHA256`` when it is recorded.
    ///
    /// - Returns: The signature as stored, with its ``Signature/id``.
    /// - Throws: `StoreError` with code `runNotFound`, `staleState` (the run was decided again
    ///   since its digest was read), or `database`.
    @discardableResult
    public func recordSignature(_ signature: Signature) throws -> Signature {
        try write("record a signature on run \(quoted(signature.runID))") { db in
            try requireRun(db, signature.runID)
            try requireDecision(db, runID: signature.runID, signature.decisionSHA256)
            try db.execute(
                sql: """
                    INSERT INTO signatures (run_id, name, role, meaning, decision_sha256, comment, signed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    signature.runID, signature.name, signature.role, signature.meaning.rawValue,
                    signature.decisionSHA256, signature.comment, RFC3339Timestamp.format(signature.signedAt),
                ])
            var stored = signature
            stored.id = db.lastInsertedRowID
            stored.signedAt = Self.wholeSecond(signature.signedAt)
            try appendAudit(db, .signature, runID: stored.runID, payload: AuditPayloads.signature(stored))
            return stored
        }
    }

    /// The signatures on a run, oldest first, current and superseded alike.
    ///
    /// - Throws: `StoreError` with code `unreadableRecord` or `database`.
    public func signatures(runID: String) throws -> [Signature] {
        try read("read the signatures of run \(quoted(runID))") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM signatures WHERE run_id = ? ORDER BY id", arguments: [runID])
                .map { row in
                    let id: Int64 = try row.decode(forColumn: "id")
                    do {
                        return Signature(
                            id: id, runID: try row.decode(forColumn: "run_id"), name: try row.decode(forColumn: "name"),
                            role: try row.decode(forColumn: "role"),
                            meaning: try RowDecoding.enumValue(
                                SignatureMeaning.self, try row.decode(forColumn: "meaning"), column: "signatures.meaning"),
                            decisionSHA256: try row.decode(forColumn: "decision_sha256"),
                            comment: try row.decode(forColumn: "comment"),
                            signedAt: try RowDecoding.date(try row.decode(forColumn: "signed_at"), column: "signatures.signed_at"))
                    } catch {
                        throw StoreError(.unreadableRecord, "signature \(id): \(StoreError.describe(error))", path: path)
                    }
                }
        }
    }

    /// A time as the database keeps it: to the whole second.
    static func wholeSecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// Refuses a change based on a decision that is no longer the run's current one.
    private func requireDecision(_ db: Database, runID: String, _ digest: String) throws {
        let current = try String.fetchOne(db, sql: "SELECT decision_sha256 FROM runs WHERE run_id = ?", arguments: [runID])
        guard current == digest else {
            throw StoreError(
                .staleState,
                "run \(quoted(runID)) was decided again (decision \(current.map { String($0.prefix(12)) } ?? "none")) "
                    + "since decision \(String(digest.prefix(12))) was read",
                path: path)
        }
    }
}
