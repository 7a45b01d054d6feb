/// One `evaluate` call waiting for its answers.
///
/// A value: the caller hands it to the I/O thread through ``WorkerInbox``, and from then on the
/// I/O thread's copy is the only one.
struct WorkerJob: Sendable {
    let id: Int
    let requests: [ModelRequest]
    private(set) var answers: [ModelAnswer?]
    private(set) var remaining: Int
    let continuation: CheckedContinuation<[ModelAnswer], any Error>

    init(id: Int, requests: [ModelRequest], continuation: CheckedContinuation<[ModelAnswer], any Error>) {
        self.id = id
        self.requests = requests
        self.answers = Array(repeating: nil, count: requests.count)
        self.remaining = requests.count
        self.continuation = continuation
    }

    /// Records request `index`'s answer (the first one only); returns whether every request has
    /// its answer now.
    mutating func record(_ answer: ModelAnswer, at index: Int) -> Bool {
        guard answers.indices.contains(index), answers[index] == nil else { return false }
        answers[index] = answer
        remaining -= 1
        return remaining == 0
    }

    /// Resumes the caller with every answer.
    func finish() {
        continuation.resume(returning: answers.map { $0 ?? .error("no answer", latencyMs: 0) })
    }
}
