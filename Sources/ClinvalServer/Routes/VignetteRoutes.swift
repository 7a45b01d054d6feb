import ClinvalCore
import ClinvalPipeline
import ClinvalReports
import ClinvalStore
import Foundation
import Hummingbird

/// A vignette's result with its adjudications and the adjudication form, and the form's
/// handler (docs/review-server.md, A vignette). It records through the same function as
/// `clinval adjudicate`, with the signed-in account as the reviewer, and refuses a form loaded
/// before another adjudication of the vignette (409, nothing written).
struct VignetteRoutes: Sendable {
    let server: ReviewServer

    func add(to router: Router<ServerContext>) {
        router.get("/runs/:id/vignettes/:bank/:vignette") { _, context in
            let user = try Access.page(context)
            let (runID, key) = try vignetteParameters(context)
            return try vignettePage(runID: runID, key: key, user: user, context: context)
        }
        router.post("/runs/:id/vignettes/:bank/:vignette/adjudicate") { request, context in
            let (user, form) = try await Access.form(request, context, needs: .reviewer)
            let (runID, key) = try vignetteParameters(context)
            return try adjudicate(runID: runID, key: key, form: form, user: user, context: context)
        }
    }

    private func vignetteParameters(_ context: ServerContext) throws -> (String, VignetteKey) {
        let runID = try context.parameters.require("id")
        let bank = try context.parameters.require("bank")
        let vignette = try context.parameters.require("vignette")
        guard Identifiers.isSlug(bank), Identifiers.isCode(vignette) else {
            throw HTTPError(.notFound, message: "There is no such vignette.")
        }
        return (runID, VignetteKey(casebankID: bank, vignetteID: vignette))
    }

    /// The values a form was filled with, shown again when it is refused.
    struct AdjudicationForm {
        var conclusion = ""
        var diagnosis = ""
        var alsoCorrect = ""
        var triage = ""
        var comment = ""

        init() {}

        init(_ form: FormBody) {
            conclusion = form["conclusion"] ?? ""
            diagnosis = form["diagnosis"] ?? ""
            alsoCorrect = form["also_correct"] ?? ""
            triage = form["triage"] ?? ""
            comment = form["comment"] ?? ""
        }

        var values: [String: Any] {
            [
                "diagnosis": PageText.clean(diagnosis), "alsoCorrect": PageText.clean(alsoCorrect),
                "triage": PageText.clean(triage), "comment": PageText.clean(comment),
            ]
        }
    }

    private func vignettePage(
        runID: String, key: VignetteKey, user: UserAccount, context: ServerContext, form: AdjudicationForm = .init(),
        error: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        guard let run = try server.store.run(id: runID), run.shard == nil else {
            return server.notFound("There is no run \(PageText.clean(runID)).", user: user, context: context)
        }
        let review: ReviewQueueStage.VignetteReview?
        do {
            review = try ReviewQueueStage.vignette(runID: runID, key: key, store: server.store)
        } catch let failure as RunFailure where failure.kind == .invalidInput {
            return server.notFound("There is no vignette \(PageText.clean(key.description)) in run \(PageText.clean(runID)).", user: user, context: context)
        }
        guard let review else {
            return server.notFound(
                "Run \(PageText.clean(runID)) has no result for vignette \(PageText.clean(key.description)).", user: user,
                context: context)
        }
        let detail = review.detail
        let labels = review.conditionLabels
        func named(_ code: String) -> String {
            PageText.clean(labels[code].map { "\($0) (\(code))" } ?? code)
        }
        let correct = Set([detail.goldDiagnosis] + detail.alsoCorrect)
        var values: [String: Any] = [
            "runID": PageText.clean(runID), "path": PageText.pathSegment(runID),
            "bank": PageText.clean(key.casebankID), "vignette": PageText.clean(key.vignetteID),
            "bankPath": PageText.pathSegment(key.casebankID), "vignettePath": PageText.pathSegment(key.vignetteID),
            "reason": review.category == nil ? "Correct: the run counts this result as a hit." : "Why it is a miss: \(PageText.clean(detail.reason)).",
            "mustPass": review.mustPass, "age": detail.age, "sex": detail.sex.rawValue,
            "present": detail.presentFindings.map(finding), "absent": detail.absentFindings.map(finding),
            "goldDiagnosis": named(detail.goldDiagnosis),
            "goldTriage": TriageRange(lower: detail.goldTriageLow, upper: detail.goldTriageHigh)?.description
                ?? "\(detail.goldTriageLow.rawValue)..\(detail.goldTriageHigh.rawValue)",
            "modelTriage": detail.modelTriage?.rawValue ?? "none",
            "answered": detail.status == .ok, "status": detail.status.rawValue,
            "differential": detail.modelDifferential.map { entry -> [String: Any] in
                [
                    "name": PageText.clean(labels[entry.condition] ?? entry.condition),
                    "code": PageText.clean(entry.condition),
                    "probability": String(format: "%.3f", entry.probability), "correct": correct.contains(entry.condition),
                ]
            },
            "latest": review.latestAdjudicationID.map(String.init) ?? "none",
            "levels": TriageLevel.allCases.map(\.rawValue).joined(separator: ", "),
            "form": form.values,
        ]
        if let summary = detail.summary { values["summary"] = PageText.clean(summary) }
        if !review.tags.isEmpty { values["tags"] = review.tags.map(PageText.clean).joined(separator: ", ") }
        if let category = review.category { values["category"] = category.title }
        if !detail.alsoCorrect.isEmpty { values["alsoCorrect"] = detail.alsoCorrect.map(named).joined(separator: ", ") }
        if let differential = detail.goldDifferential, !differential.isEmpty {
            values["goldDifferential"] = differential.map(named).joined(separator: ", ")
        }
        if let message = detail.error { values["error"] = PageText.clean(message) }
        if let error { values["formError"] = error }
        var standingFound = false
        values["adjudications"] = review.adjudications.map { adjudication -> [String: Any] in
            let current = adjudication.vignetteDigest == review.contentSHA256
            let standing: String
            if current && !standingFound {
                standing = "stands"
                standingFound = true
            } else {
                standing = current ? "superseded" : "on other content of the vignette"
            }
            return [
                "id": adjudication.id.map(String.init) ?? "", "createdAt": PageRenderer.time(adjudication.createdAt) ?? "",
                "reviewer": PageText.clean(adjudication.reviewer), "conclusion": adjudication.conclusion.rawValue,
                "diagnosis": adjudication.diagnosis.map(named) ?? "", "alsoCorrect": adjudication.alsoCorrect.map(named).joined(separator: ", "),
                "triage": adjudication.triage?.description ?? "", "comment": PageText.clean(adjudication.comment ?? ""),
                "standing": standing, "standingClass": standing == "stands" ? "current" : "other",
            ]
        }
        values["hasAdjudications"] = !review.adjudications.isEmpty
        let chosen = AdjudicationConclusion(rawValue: form.conclusion)
        values["conclusions"] = AdjudicationConclusion.allCases.map { conclusion -> [String: Any] in
            ["value": conclusion.rawValue, "label": Self.words(conclusion), "selected": conclusion == chosen]
        }
        return server.pages.page(
            "vignette", title: "Vignette \(key.description)", values: values, user: user, csrf: context.session?.csrfToken,
            status: status)
    }

    private func finding(_ finding: CaseFinding) -> [String: Any] {
        ["label": PageText.clean(finding.label ?? finding.code), "code": PageText.clean(finding.code)]
    }

    static func words(_ conclusion: AdjudicationConclusion) -> String {
        switch conclusion {
        case .modelError: "model error: the labels are right, the model is wrong"
        case .labelError: "label error: the labels are wrong (give the correction)"
        case .acceptableAlternative: "acceptable alternative: the model's answer is also right"
        case .unclear: "unclear: the vignette does not allow a conclusion"
        }
    }

    private func adjudicate(
        runID: String, key: VignetteKey, form: FormBody, user: UserAccount, context: ServerContext
    ) throws -> Response {
        let typed = AdjudicationForm(form)
        let latest = form["latest"] ?? ""
        let seen: SeenState
        if latest == "none" {
            seen = .latestAdjudication(nil)
        } else if let id = Int64(latest) {
            seen = .latestAdjudication(id)
        } else {
            return try vignettePage(
                runID: runID, key: key, user: user, context: context, form: typed,
                error: "This form lacks the state it was loaded on; load the page again.", status: .badRequest)
        }
        let alsoCorrect = typed.alsoCorrect.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        do {
            _ = try AdjudicateCommand.record(
                AdjudicateCommand.Request(
                    database: server.configuration.database, runID: runID, vignette: key.description,
                    conclusion: typed.conclusion, reviewer: user.name,
                    diagnosis: typed.diagnosis.trimmingCharacters(in: .whitespaces).isEmpty ? nil : typed.diagnosis.trimmingCharacters(in: .whitespaces),
                    alsoCorrect: alsoCorrect,
                    triage: typed.triage.trimmingCharacters(in: .whitespaces).isEmpty ? nil : typed.triage.trimmingCharacters(in: .whitespaces),
                    comment: typed.comment, seen: seen),
                environment: server.environment)
        } catch let failure as RunFailure where failure.kind != .runtime {
            let stale = failure.kind == .staleState
            let message =
                stale
                ? "Someone recorded an adjudication of this vignette after you loaded the page; yours was not recorded. Read theirs below; what you typed is kept, so submit again if you still conclude so."
                : "Not recorded: " + Self.fieldNames(failure.message)
            return try vignettePage(
                runID: runID, key: key, user: user, context: context, form: typed, error: message,
                status: stale ? .conflict : .badRequest)
        }
        context.logger.notice(
            "adjudication recorded", metadata: ["user_id": .stringConvertible(user.id), "run": .string(runID)])
        let location = "/runs/\(PageText.pathSegment(runID))/vignettes/\(PageText.pathSegment(key.casebankID))/\(PageText.pathSegment(key.vignetteID))"
        return Response(status: .seeOther, headers: [.location: location])
    }

    /// A command's message with its options named as the forms' fields.
    static func fieldNames(_ message: String) -> String {
        let names = [
            ("--also-correct", "Also correct"), ("--diagnosis", "Corrected diagnosis"), ("--triage", "Corrected triage"),
            ("--conclusion", "Conclusion"), ("--comment", "Comment"), ("--reviewer", "The reviewer's name"),
            ("--reason", "Reason"), ("--expires", "Expires"), ("--hazard", "Hazard log reference"),
            ("--approver", "The approver's name"), ("--role", "The signing role"), ("--meaning", "Meaning"),
            ("--name", "The signer's name"),
        ]
        var text = message
        for (option, field) in names {
            text = text.replacingOccurrences(of: option + " CODE", with: field)
            text = text.replacingOccurrences(of: option + " LEVEL", with: field)
            text = text.replacingOccurrences(of: option, with: field)
        }
        return text
    }

}
