import ClinvalCore
import ClinvalPipeline
import ClinvalReports
import ClinvalStore
import Foundation
import Hummingbird

/// The runs list, a run's page and its report (docs/review-server.md).
struct RunRoutes: Sendable {
    let server: ReviewServer

    func add(to router: Router<ServerContext>) {
        router.get("/") { request, context in
            let user = try Access.page(context)
            return try runsPage(request, user: user, context: context)
        }
        router.get("/runs/:id") { _, context in
            let user = try Access.page(context)
            let runID = try context.parameters.require("id")
            return try runPage(runID, user: user, context: context)
        }
        router.get("/runs/:id/report.html") { _, context in
            _ = try Access.page(context)
            let runID = try context.parameters.require("id")
            return try report(runID)
        }
    }

    // MARK: - The runs

    private func runsPage(_ request: Request, user: UserAccount, context: ServerContext) throws -> Response {
        let query = request.uri.queryParameters
        let model = query["model"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let verdict = query["verdict"].map(String.init) ?? ""
        let all = try server.store.runs()
        let shown = all.filter { run in
            (model == nil || run.modelName == model)
                && (verdict.isEmpty || run.verdict?.rawValue == verdict || (verdict == "undecided" && run.verdict == nil))
        }
        let models = Array(Set(all.map(\.modelName))).sorted().map { name -> [String: Any] in
            ["value": PageText.clean(name), "selected": name == model]
        }
        let verdicts = [("", "any verdict"), ("pass", "pass"), ("fail", "fail"), ("undecided", "not decided")].map {
            ["value": $0.0, "label": $0.1, "selected": $0.0 == verdict] as [String: Any]
        }
        let rows = shown.map { run -> [String: Any] in
            [
                "runID": PageText.clean(run.runID), "path": PageText.pathSegment(run.runID),
                "model": PageText.clean(run.modelName), "version": PageText.clean(run.modelVersion),
                "verdict": run.verdict?.rawValue ?? "—", "verdictClass": run.verdict?.rawValue ?? "none",
                "status": run.status.rawValue + (run.shard.map { " (shard \($0))" } ?? ""),
                "started": PageRenderer.time(run.startedAt) ?? "",
                "casebanks": run.casebanks.map(PageText.clean).joined(separator: ", "),
            ]
        }
        return server.pages.page(
            "runs", title: "Runs",
            values: ["runs": rows, "hasRuns": !rows.isEmpty, "models": models, "verdicts": verdicts],
            user: user, csrf: context.session?.csrfToken)
    }

    // MARK: - A run

    /// A run's page; `extra` adds values (a refused form's message and what was typed) and
    /// `status` is the response's.
    func runPage(
        _ runID: String, user: UserAccount, context: ServerContext, extra: [String: Any] = [:],
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        guard let run = try server.store.run(id: runID) else {
            return server.pages.page(
                "error", title: "No such run", values: ["message": "There is no run \(PageText.clean(runID))."],
                user: user, csrf: context.session?.csrfToken, status: .notFound)
        }
        var values: [String: Any] = [
            "runID": PageText.clean(runID), "path": PageText.pathSegment(runID),
            "model": PageText.clean(run.model.name), "modelVersion": PageText.clean(run.model.version),
            "modelSHA256": run.model.sha256, "status": run.status.rawValue,
            "started": PageRenderer.time(run.startedAt) ?? "",
        ]
        if let finished = PageRenderer.time(run.finishedAt) { values["finished"] = finished }
        if let gate = run.policyGate { values["policy"] = PageText.clean(gate) }
        if let baseline = run.baselineRunID {
            values["baseline"] = PageText.clean(baseline)
            values["baselinePath"] = PageText.pathSegment(baseline)
        }
        values["casebanks"] = try server.store.casebanks(runID: runID).map {
            [
                "id": PageText.clean($0.id), "version": PageText.clean($0.version),
                "title": PageText.clean($0.title ?? "untitled"), "source": PageText.clean($0.source ?? "not given"),
            ] as [String: Any]
        }
        let input: ReportInput
        do {
            input = try server.runPages.reportInput(runID: runID, store: server.store)
        } catch let failure as RunFailure where failure.kind == .invalidInput {
            values["verdictWords"] = "Not decided"
            values["verdictClass"] = "none"
            values["decided"] = false
            values["undecided"] = PageText.clean(failure.message)
            return server.pages.page(
                "run", title: "Run \(runID)", values: values, user: user, csrf: context.session?.csrfToken)
        }
        values.merge(RunPageValues.decided(input)) { _, new in new }
        values.merge(RunPageValues.forms(input, digest: run.decisionSHA256, user: user, chosen: extra["criterion"] as? String)) {
            _, new in new
        }
        values.merge(extra) { _, new in new }
        return server.pages.page(
            "run", title: "Run \(runID)", values: values, user: user, csrf: context.session?.csrfToken, status: status)
    }

    // MARK: - The report

    /// `report.html` as `clinval report` writes it, from the database, under the server's CSP
    /// with its one inline stylesheet allowed by its hash.
    private func report(_ runID: String) throws -> Response {
        guard try server.store.run(id: runID) != nil else {
            throw HTTPError(.notFound, message: "There is no such run.")
        }
        let html: String
        do {
            html = HTMLReportWriter().render(try server.runPages.reportInput(runID: runID, store: server.store))
        } catch let failure as RunFailure where failure.kind == .invalidInput {
            throw HTTPError(.notFound, message: "This run has no report: it is not decided yet.")
        }
        var response = PageRenderer.html(html)
        var styles = "'none'"
        if let style = Self.inlineStyle(of: html) {
            styles = "'sha256-\(Self.base64SHA256(style))'"
        }
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src \(styles); img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        return response
    }

    /// The text of the first `<style>` element.
    static func inlineStyle(of html: String) -> String? {
        guard let open = html.range(of: "<style>"), let close = html.range(of: "</style>", range: open.upperBound..<html.endIndex)
        else { return nil }
        return String(html[open.upperBound..<close.lowerBound])
    }

    /// The base64 SHA-256 of text's UTF-8, as a CSP hash source names it.
    static func base64SHA256(_ text: String) -> String {
        let hex = Array(SHA256.hex(of: Array(text.utf8)).utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < hex.count {
            bytes.append(UInt8(String(decoding: hex[index...index + 1], as: UTF8.self), radix: 16) ?? 0)
            index += 2
        }
        return Data(bytes).base64EncodedString()
    }
}
