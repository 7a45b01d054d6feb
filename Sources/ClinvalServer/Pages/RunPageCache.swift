import ClinvalPipeline
import ClinvalReports
import ClinvalStore
import Synchronization

/// The report model of the runs the server has shown, kept in memory: building it reads every
/// result of the run (seconds for 100,000 vignettes), while what it shows changes only with a
/// record the audit trail names (a decision, a waiver, a signature, an adjudication). Each
/// entry is kept with the audit head it was built at; a request that finds another head builds
/// it again.
final class RunPageCache: Sendable {
    /// The most runs kept; the least recently used goes first.
    static let capacity = 8

    private let entries = Mutex<[(runID: String, auditHead: String?, input: ReportInput)]>([])

    /// The report input of a decided run, as ``ReportStage/reportInput(runID:store:)`` builds it.
    ///
    /// - Throws: ``RunFailure`` as ``ReportStage/reportInput(runID:store:)``, and exit 3 when the
    ///   audit head cannot be read.
    func reportInput(runID: String, store: ResultStore) throws -> ReportInput {
        let head: String?
        do {
            head = try store.auditHead()
        } catch {
            throw RunFailure(.runtime, "Cannot read the audit trail of the database: \(error)")
        }
        if let kept = entries.withLock({ list -> ReportInput? in
            guard let index = list.firstIndex(where: { $0.runID == runID }), list[index].auditHead == head else {
                return nil
            }
            let entry = list.remove(at: index)
            list.append(entry)
            return entry.input
        }) {
            return kept
        }
        let input = try ReportStage.reportInput(runID: runID, store: store)
        entries.withLock { list in
            list.removeAll { $0.runID == runID }
            list.append((runID, head, input))
            if list.count > Self.capacity { list.removeFirst(list.count - Self.capacity) }
        }
        return input
    }
}
