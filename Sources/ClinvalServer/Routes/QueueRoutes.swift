import ClinvalCore
import ClinvalPipeline
import ClinvalReports
import ClinvalStore
import Foundation
import Hummingbird

/// A run's review queue (docs/review-server.md, The review queue): the misses by category, then
/// a sample of hits, with filters and pages.
struct QueueRoutes: Sendable {
    /// Entries on one page of the queue.
    static let pageSize = 50

    let server: ReviewServer

    func add(to router: Router<ServerContext>) {
        router.get("/runs/:id/queue") { request, context in
            let user = try Access.page(context)
            return try queuePage(request, runID: try context.parameters.require("id"), user: user, context: context)
        }
    }

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
            return server.notFound("There is no run \(PageText.clean(runID)).", user: user, context: context)
        }
        let queue = try server.queues.queue(run: run, store: server.store)
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
        // The vignettes whose adjudication stands, by category (adjudications are few).
        var adjudicated: [ReviewCategory: Int] = [:]
        for key in latest.keys where stands(key) {
            if let listed = queue.categories[key] { adjudicated[listed, default: 0] += 1 }
        }
        let shown: [ReviewQueueEntry] =
            category == nil && bank == nil && state == .all
            ? queue.entries
            : queue.entries.filter { entry in
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
            let count = queue.counts[category] ?? 0
            return [
                "value": category.rawValue, "title": category.title, "count": count,
                "open": count - (adjudicated[category] ?? 0), "path": path,
            ]
        }
        let banks = queue.banks
        let sampled = queue.counts[.sample] ?? 0
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
}
