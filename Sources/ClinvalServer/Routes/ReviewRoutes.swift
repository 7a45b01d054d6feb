import ClinvalCore
import ClinvalPipeline
import ClinvalReports
import ClinvalStore
import Foundation
import Hummingbird

/// The run page's review forms, waive and sign (docs/review-server.md, Waivers and
/// signatures). They record through the same functions as `clinval waive` and `clinval sign`,
/// with the signed-in account as the approver or signer and its signing role, decide the run
/// again (in the database only), and refuse a form loaded on a decision the run no longer has
/// (409, nothing written).
struct ReviewRoutes: Sendable {
    let server: ReviewServer

    func add(to router: Router<ServerContext>) {
        router.post("/runs/:id/waive") { request, context in
            let (user, form) = try await Access.form(request, context, needs: .approver)
            return try await waive(runID: try context.parameters.require("id"), form: form, user: user, context: context)
        }
        router.post("/runs/:id/sign") { request, context in
            let (user, form) = try await Access.form(request, context, needs: .reviewer)
            return try await sign(runID: try context.parameters.require("id"), form: form, user: user, context: context)
        }
    }

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
            : "Not recorded: " + VignetteRoutes.fieldNames(failure.message)
    }

    private func runPage(
        _ runID: String, user: UserAccount, context: ServerContext, error: String, status: HTTPResponse.Status,
        forms: [String: Any] = [:]
    ) async throws -> Response {
        var extra = forms
        extra["formError"] = PageText.clean(error)
        return try RunRoutes(server: server).runPage(runID, user: user, context: context, extra: extra, status: status)
    }
}
