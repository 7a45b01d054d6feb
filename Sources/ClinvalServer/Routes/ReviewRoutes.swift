import ClinvalCore
import ClinvalPipeline
import ClinvalReports
import ClinvalStore
import Foundation
import Hummingbird

/// A run's review queue, a vignette's result with its adjudication form, and the forms that
/// adjudicate, waive and sign (docs/review-server.md). Every form records through the same
/// pipeline functions as `clinval adjudicate`, `clinval waive` and `clinval sign`, with the
/// signed-in account as the actor, and is refused (409, nothing written) when the state it was
/// loaded on has moved on.
struct ReviewRoutes: Sendable {
    /// Entries on one page of the queue.
    static let pageSize = 50

    let server: ReviewServer

    func add(to router: Router<ServerContext>) {
        router.get("/runs/:id/queue") { request, context in
            let user = try Access.page(context)
            return try queuePage(request, runID: try context.parameters.require("id"), user: user, context: context)
        }
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
        router.post("/runs/:id/waive") { request, context in
            let (user, form) = try await Access.form(request, context, needs: .approver)
            return try await waive(runID: try context.parameters.require("id"), form: form, user: user, context: context)
        }
        router.post("/runs/:id/sign") { request, context in
            let (user, form) = try await Access.form(request, context, needs: .reviewer)
            return try await sign(runID: try context.parameters.require("id"), form: form, user: user, context: context)
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

    // MARK: - The queue

    /// The adjudication state filter's choices.
    enum StateFilter: String, CaseIterable {
        case all = ""
        case open
        case adjudicated

        var label: String {
            switch self {
            case .all: "any state"
            case .open: "not yet adjudicated"
            case .adjudicated: "adjudicated"
            }
        }
    }

    private func queuePage(_ request: Request, runID: String, user: UserAccount, context: ServerContext) throws -> Response {
        guard let run = try server.store.run(id: runID), run.shard == nil else {
            return notFound("There is no run \(PageText.clean(runID)).", user: user, context: context)
        }
        let queue = try server.queues.queue(runID: runID, store: server.store)
        let latest = try ReviewQueueStage.latestAdjudications(queue, store: server.store)
        let parameters = request.uri.queryParameters
        let category = parameters["category"].flatMap { ReviewCategory(rawValue: String($0)) }
        let bank = parameters["bank"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let state = parameters["state"].flatMap { StateFilter(rawValue: String($0)) } ?? .all
        let requestedPage = parameters["page"].flatMap { Int(String($0)) } ?? 1

        func stands(_ key: VignetteKey) -> Bool {
            guard let adjudication = latest[key] else { return false }
            return adjudication.vignetteDigest == queue.digests[key]
        }
        let shown = queue.entries.filter { entry in
            (category == nil || entry.category == category) && (bank == nil || entry.key.casebankID == bank)
                && (state == .all || (state == .adjudicated) == stands(entry.key))
        }
        let pages = max(1, (shown.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, requestedPage), pages)
        let slice = shown.dropFirst((page - 1) * Self.pageSize).prefix(Self.pageSize)
        let path = PageText.pathSegment(runID)

        func link(page: Int) -> String {
            var query = ["page=\(page)"]
            if let category { query.insert("category=\(category.rawValue)", at: 0) }
            if let bank { query.insert("bank=\(PageText.pathSegment(bank))", at: 0) }
            if state != .all { query.insert("state=\(state.rawValue)", at: 0) }
            return "/runs/\(path)/queue?" + query.joined(separator: "&")
        }
        let rows = slice.map { entry -> [String: Any] in
            var stateWords = "not yet adjudicated"
            if let adjudication = latest[entry.key] {
                stateWords =
                    "\(adjudication.conclusion.rawValue) by \(PageText.clean(adjudication.reviewer))"
                    + (stands(entry.key) ? "" : " (on other content of the vignette)")
            }
            return [
                "category": entry.category.title, "bank": PageText.clean(entry.key.casebankID),
                "vignette": PageText.clean(entry.key.vignetteID), "bankPath": PageText.pathSegment(entry.key.casebankID),
                "vignettePath": PageText.pathSegment(entry.key.vignetteID), "reason": PageText.clean(entry.reason),
                "mustPass": entry.mustPass, "state": stateWords, "path": path,
            ]
        }
        let categories = ReviewCategory.allCases.map { category -> [String: Any] in
            let members = queue.entries.filter { $0.category == category }
            return [
                "value": category.rawValue, "title": category.title, "count": members.count,
                "open": members.filter { !stands($0.key) }.count, "path": path,
            ]
        }
        let banks = Array(Set(queue.entries.map(\.key.casebankID))).sorted()
        let sampled = queue.entries.filter { $0.category == .sample }.count
        let hits = queue.entries.isEmpty ? 0 : queue.results - (queue.entries.count - sampled)
        var values: [String: Any] = [
            "runID": PageText.clean(runID), "path": path, "categories": categories,
            "categoryOptions": ReviewCategory.allCases.map {
                ["value": $0.rawValue, "title": $0.title, "selected": $0 == category] as [String: Any]
            },
            "bankOptions": banks.map { ["value": PageText.clean($0), "selected": $0 == bank] as [String: Any] },
            "stateOptions": StateFilter.allCases.map {
                ["value": $0.rawValue, "label": $0.label, "selected": $0 == state] as [String: Any]
            },
            "entries": rows, "hasEntries": !rows.isEmpty, "page": page, "pages": pages,
            "sampled": sampled, "hits": hits,
            "sampleRule":
                "\(Int(ReviewQueue.sampleRate * 100))%, at least \(ReviewQueue.sampleMinimum) and at most \(ReviewQueue.sampleMaximum), the same on every visit",
            "shownWords":
                shown.isEmpty
                ? "No vignettes match."
                : "\(shown.count) vignette\(shown.count == 1 ? "" : "s") match; showing \((page - 1) * Self.pageSize + 1) to \((page - 1) * Self.pageSize + slice.count).",
        ]
        if page > 1 { values["previous"] = link(page: page - 1) }
        if page < pages { values["next"] = link(page: page + 1) }
        return server.pages.page(
            "queue", title: "Review queue of run \(runID)", values: values, user: user, csrf: context.session?.csrfToken)
    }

    // MARK: - A vignette

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
            return notFound("There is no run \(PageText.clean(runID)).", user: user, context: context)
        }
        let review: ReviewQueueStage.VignetteReview?
        do {
            review = try ReviewQueueStage.vignette(runID: runID, key: key, store: server.store)
        } catch let failure as RunFailure where failure.kind == .invalidInput {
            return notFound(failure.message, user: user, context: context)
        }
        guard let review else {
            return notFound(
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

    // MARK: - Waive and sign

    private func waive(runID: String, form: FormBody, user: UserAccount, context: ServerContext) async throws -> Response {
        guard let role = user.signingRole else {
            return try await runPage(runID, user: user, context: context, error: Self.noSigningRole, status: .badRequest)
        }
        let typed = ["reason": form["reason"] ?? "", "expires": form["expires"] ?? "", "hazard": form["hazard"] ?? ""]
        do {
            _ = try await ReviewCommands.waive(
                ReviewCommands.WaiverRequest(
                    database: server.configuration.database, runID: runID, criterion: form["criterion"] ?? "",
                    approver: user.name, role: role, reason: typed["reason"]!, expires: typed["expires"]!,
                    hazard: typed["hazard"], writesOutputs: false, seen: .decision(form["decision"] ?? "")),
                toolVersion: server.configuration.toolVersion, environment: server.environment)
        } catch let failure as RunFailure where failure.kind != .runtime {
            return try await runPage(
                runID, user: user, context: context, error: Self.refusal(failure),
                status: failure.kind == .staleState ? .conflict : .badRequest,
                forms: ["waiveForm": typed.mapValues(PageText.clean), "criterion": form["criterion"] ?? ""])
        }
        context.logger.notice("waiver recorded", metadata: ["user_id": .stringConvertible(user.id), "run": .string(runID)])
        return Response(status: .seeOther, headers: [.location: "/runs/\(PageText.pathSegment(runID))"])
    }

    private func sign(runID: String, form: FormBody, user: UserAccount, context: ServerContext) async throws -> Response {
        let meaning = form["meaning"] ?? ""
        if meaning == SignatureMeaning.approved.rawValue, !user.permission.includes(.approver) {
            throw HTTPError(.forbidden, message: "Only an approver may sign a run as approved.")
        }
        guard let role = user.signingRole else {
            return try await runPage(runID, user: user, context: context, error: Self.noSigningRole, status: .badRequest)
        }
        let comment = form["comment"] ?? ""
        do {
            _ = try await ReviewCommands.sign(
                database: server.configuration.database, runID: runID, name: user.name, role: role, meaning: meaning,
                comment: comment, writesOutputs: false, seen: .decision(form["decision"] ?? ""),
                toolVersion: server.configuration.toolVersion, environment: server.environment)
        } catch let failure as RunFailure where failure.kind != .runtime {
            return try await runPage(
                runID, user: user, context: context, error: Self.refusal(failure),
                status: failure.kind == .staleState ? .conflict : .badRequest,
                forms: ["signForm": ["comment": PageText.clean(comment)]])
        }
        context.logger.notice("signature recorded", metadata: ["user_id": .stringConvertible(user.id), "run": .string(runID)])
        return Response(status: .seeOther, headers: [.location: "/runs/\(PageText.pathSegment(runID))"])
    }

    static let noSigningRole =
        "Your account has no signing role, so it cannot sign or waive; an admin gives one with clinval users add --signing-role."

    private static func refusal(_ failure: RunFailure) -> String {
        failure.kind == .staleState
            ? "The run was decided again after you loaded the page, so its verdict may have changed; nothing was recorded. Read the run again below and submit again if you still mean it."
            : "Not recorded: " + fieldNames(failure.message)
    }

    private func runPage(
        _ runID: String, user: UserAccount, context: ServerContext, error: String, status: HTTPResponse.Status,
        forms: [String: Any] = [:]
    ) async throws -> Response {
        var extra = forms
        extra["formError"] = PageText.clean(error)
        return try RunRoutes(server: server).runPage(runID, user: user, context: context, extra: extra, status: status)
    }

    private func notFound(_ message: String, user: UserAccount, context: ServerContext) -> Response {
        server.pages.page(
            "error", title: "Not found", values: ["message": message], user: user, csrf: context.session?.csrfToken,
            status: .notFound)
    }
}
