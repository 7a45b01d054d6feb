import ClinvalCore
import ClinvalPipeline
import ClinvalStore
import Synchronization

/// The review queues the server has built, kept in memory: building one reads every result of
/// the run, while a page of it needs only the adjudications (few) read again. A complete run's
/// results never change, so its queue is kept as built; the queue of a run not complete (still
/// running, or failed and to be resumed) is built again when its number of results changes.
final class QueueCache: Sendable {
    /// The most queues kept; the least recently used goes first.
    static let capacity = 8

    private let queues = Mutex<[(runID: String, version: Int, queue: ReviewQueueStage.Queue)]>([])

    /// The queue of a run, built when it is not kept or its run has grown.
    ///
    /// - Throws: ``RunFailure`` as ``ReviewQueueStage/queue(runID:store:)``.
    func queue(run: RunRecord, store: ResultStore) throws -> ReviewQueueStage.Queue {
        let runID = run.runID
        // -1: complete, whatever the count (counting 100,000 rows costs more than the page).
        let results = run.status == .complete ? -1 : try ReviewQueueStage.resultCount(runID: runID, store: store)
        if let kept = queues.withLock({ list -> ReviewQueueStage.Queue? in
            guard let index = list.firstIndex(where: { $0.runID == runID }), list[index].version == results else {
                return nil
            }
            let entry = list.remove(at: index)
            list.append(entry)
            return entry.queue
        }) {
            return kept
        }
        let queue = try ReviewQueueStage.queue(runID: runID, store: store)
        queues.withLock { list in
            list.removeAll { $0.runID == runID }
            list.append((runID, results, queue))
            if list.count > Self.capacity { list.removeFirst(list.count - Self.capacity) }
        }
        return queue
    }
}
