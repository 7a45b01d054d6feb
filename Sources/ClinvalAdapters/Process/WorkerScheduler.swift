import ClinvalCore

/// The scheduling state machine of ``WorkerPool``, without I/O, clocks or threads: time is passed
/// in, and every decision comes back as ``Effect`` values that the I/O loop carries out in order.
///
/// Rules (docs/model-format.md, External model manifest):
/// - Requests wait in one FIFO queue; each worker takes up to `depth` of them at a time. A worker
///   whose oldest request has waited longer than the timeout gets no more until it catches up, so
///   no request waits behind a hung one for long.
/// - A worker is hung when it has requests in flight and has been silent for `timeout` since its
///   last answer or since the oldest of them was sent (plus `startupGrace` before its first
///   answer).
/// - A hang, a crash (end of its output), or a line that cannot be tied to a request in flight on
///   it breaks a worker: ``Effect/stop(worker:reason:inFlight:)``, and once the I/O loop has killed
///   it, ``workerStopped(_:ending:stderrTail:now:)`` deals with its in-flight requests: they
///   become suspects, retried one at a time on the slot's fresh worker. A request that breaks a
///   worker on its own (in isolation, or as the only one in flight) is answered `error` (crash,
///   garbage) or `timeout` (hang); no other request is charged.
/// - A response with a known id but malformed content is that request's `error`, and the worker
///   goes on.
/// - Worker processes that fail on one vignette alone without answering anything are counted in
///   a row; at the limit (before / after the model's first answer) the model is unavailable.
struct WorkerScheduler {
    /// One request: the index of a vignette in the job (one evaluate call) that asked for it.
    struct Ticket: Hashable, Sendable {
        var job: Int
        var index: Int
    }

    /// Why a worker is broken.
    enum BreakReason: Hashable, Sendable {
        case crashed
        case garbage(String)
        case hung
    }

    /// What the I/O loop must do, in order.
    enum Effect: Hashable, Sendable {
        /// Start a process for the worker (it counts as running from now on); report a failure
        /// with ``startFailed(_:)``.
        case start(worker: Int)
        /// Write the ticket's request line to the worker.
        case send(worker: Int, Ticket)
        /// Kill the broken worker (with its process group), then report
        /// ``workerStopped(_:ending:stderrTail:now:)``.
        case stop(worker: Int, reason: BreakReason, inFlight: Int)
        /// Kill the worker; nothing is reported back (the model is unavailable).
        case kill(worker: Int)
        /// The vignette's answer is final.
        case complete(Ticket, ModelAnswer)
        /// The model is unavailable: every waiting and later call fails with this error.
        case unavailable(ModelUnavailableError)
    }

    /// A job still waiting for answers.
    private struct Job {
        var ids: [String]
        var answered: [Bool]
        var remaining: Int
    }

    /// A worker broken and not yet reported stopped.
    private struct PendingBreak {
        var reason: BreakReason
        var inFlight: [WorkerSlotState.InFlight]
        var isolated: Bool
        var answeredNothing: Bool
    }

    let settings: Settings
    private(set) var slots: [WorkerSlotState]
    private var jobs: [Int: Job] = [:]
    private var queue: [Ticket] = []
    private var queueHead = 0
    private var pendingBreaks: [Int: PendingBreak] = [:]
    /// Set once; from then on nothing is scheduled.
    private(set) var unavailable: ModelUnavailableError?
    private(set) var silentWorkersInARow = 0
    private(set) var everAnswered = false
    /// Response lines tied to a request in flight.
    private(set) var responses = 0
    private var lastStderrTail = ""

    init(settings: Settings) {
        self.settings = settings
        self.slots = Array(repeating: WorkerSlotState(), count: settings.workers)
    }

    // MARK: Jobs

    /// Queues a job's requests (`ids[i]` is the id of request `i`).
    mutating func submit(job: Int, ids: [String]) {
        guard unavailable == nil, !ids.isEmpty else { return }
        jobs[job] = Job(ids: ids, answered: Array(repeating: false, count: ids.count), remaining: ids.count)
        queue.reserveCapacity(queue.count - queueHead + ids.count)
        for index in ids.indices { queue.append(Ticket(job: job, index: index)) }
    }

    /// Forgets a job: its requests are not sent, and answers for it are dropped.
    mutating func cancel(job: Int) {
        jobs[job] = nil
    }

    /// Whether the job still waits for answers.
    func isWaiting(job: Int) -> Bool { jobs[job] != nil }

    // MARK: Workers

    /// Starts every worker not running.
    mutating func startAll(now: Double) -> [Effect] {
        guard unavailable == nil else { return [] }
        var effects: [Effect] = []
        for worker in slots.indices where !slots[worker].running {
            slots[worker].attach(now: now)
            effects.append(.start(worker: worker))
        }
        return effects
    }

    /// The worker's process has started (at `now`, the start of its startup grace).
    mutating func workerStarted(_ worker: Int, now: Double) {
        guard slots.indices.contains(worker), slots[worker].running else { return }
        slots[worker].startedAt = now
    }

    /// A worker process could not be started: the model is unavailable.
    mutating func startFailed(_ error: ModelUnavailableError) -> [Effect] {
        becomeUnavailable(error)
    }

    /// The worker stopped reading its input (a broken pipe): it gets nothing more, and once it owes
    /// nothing it is replaced.
    mutating func inputClosed(worker: Int) {
        guard slots.indices.contains(worker), slots[worker].running else { return }
        slots[worker].inputClosed = true
    }

    /// Gives every worker work: its suspects one at a time, or requests from the queue up to the
    /// pipeline depth; starts workers where there is work for them.
    mutating func dispatch(now: Double) -> [Effect] {
        var effects: [Effect] = []
        for worker in slots.indices {
            guard unavailable == nil else { break }
            if !slots[worker].running {
                guard slots[worker].hasSuspects || hasQueuedWork() else { continue }
                slots[worker].attach(now: now)
                effects.append(.start(worker: worker))
            }
            if slots[worker].inputClosed && slots[worker].inFlight.isEmpty {
                // It stopped reading and owes nothing: replace it.
                effects += breakWorker(worker, .crashed)
                guard slots[worker].hasSuspects || hasQueuedWork() else { continue }
                slots[worker].attach(now: now)
                effects.append(.start(worker: worker))
            }
            guard !slots[worker].inputClosed else { continue }
            if slots[worker].hasSuspects || slots[worker].isolatedInFlight > 0 {
                // Isolation: suspects go one at a time, and nothing else goes with them.
                let waiting = jobs
                if slots[worker].inFlight.isEmpty,
                    let suspect = slots[worker].nextLiveSuspect(isLive: { waiting[$0] != nil })
                {
                    send(suspect, to: worker, now: now, isolated: true, effects: &effects)
                }
            }
            if !slots[worker].hasSuspects && slots[worker].isolatedInFlight == 0 {
                while slots[worker].inFlight.count < settings.depth, !isHeld(worker, now: now),
                    let ticket = nextQueued()
                {
                    send(ticket, to: worker, now: now, isolated: false, effects: &effects)
                }
            }
        }
        return effects
    }

    /// A line the worker wrote, parsed.
    mutating func received(_ response: ModelResponse, from worker: Int, now: Double) -> [Effect] {
        guard slots.indices.contains(worker), slots[worker].running else { return [] }
        switch response {
        case .blank:
            return []
        case .untied(let reason):
            return breakWorker(worker, .garbage(reason))
        case .tied(let id, let outcome):
            guard let entry = slots[worker].takeInFlight(id) else {
                return breakWorker(worker, .garbage("a response for an unknown id \(quoted(id))"))
            }
            let start = max(entry.sentAt, slots[worker].lastResponse ?? entry.sentAt)
            let latencyMs = max(now - start, 0) * 1000
            slots[worker].lastResponse = now
            slots[worker].answers += 1
            everAnswered = true
            silentWorkersInARow = 0
            responses += 1
            switch outcome {
            case .answer(let differential, let triage):
                return complete(entry.ticket, .ok(differential: differential, triage: triage, latencyMs: latencyMs))
            case .modelError(let message), .malformed(let message):
                return complete(entry.ticket, .error(message, latencyMs: latencyMs))
            }
        }
    }

    /// Breaks every worker with requests in flight that has been silent too long.
    mutating func checkTimeouts(now: Double) -> [Effect] {
        var effects: [Effect] = []
        for worker in slots.indices where slots[worker].running {
            guard let deadline = deadline(of: worker) else { continue }
            if now > deadline { effects += breakWorker(worker, .hung) }
        }
        return effects
    }

    /// When something is next due (a hang, or a held worker to re-examine); `nil` for never.
    mutating func nextDeadline(now: Double) -> Double? {
        var earliest = Double.infinity
        for worker in slots.indices where slots[worker].running {
            if let deadline = deadline(of: worker) { earliest = min(earliest, deadline) }
            // A held worker is re-examined when its oldest request passes the timeout.
            if let oldest = slots[worker].oldestSendTime(), now - oldest <= settings.timeout {
                earliest = min(earliest, oldest + settings.timeout)
            }
        }
        return earliest.isFinite ? earliest : nil
    }

    /// Breaks a worker: it is stopped, and what was in flight on it is dealt with once the I/O loop
    /// reports it stopped.
    mutating func breakWorker(_ worker: Int, _ reason: BreakReason) -> [Effect] {
        guard slots.indices.contains(worker), slots[worker].running else { return [] }
        let inFlight = slots[worker].inFlightInSendOrder()
        pendingBreaks[worker] = PendingBreak(
            reason: reason, inFlight: inFlight, isolated: inFlight.contains { $0.isolated },
            answeredNothing: slots[worker].answers == 0)
        slots[worker].reset()
        return [.stop(worker: worker, reason: reason, inFlight: inFlight.count)]
    }

    /// A broken worker has been killed: `ending` says how it ended (`exited with status 1`),
    /// `stderrTail` is the last it wrote on standard error.
    mutating func workerStopped(_ worker: Int, ending: String, stderrTail: String, now: Double) -> [Effect] {
        guard let broken = pendingBreaks.removeValue(forKey: worker) else { return [] }
        if !stderrTail.isEmpty { lastStderrTail = stderrTail }
        let description = describe(broken.reason, ending: ending)
        let live = broken.inFlight.filter { jobs[$0.ticket.job] != nil }
        let alone = broken.isolated || live.count == 1
        var effects: [Effect] = []
        if alone {
            for entry in live {
                let latencyMs = max(now - entry.sentAt, 0) * 1000
                let answer: ModelAnswer
                switch broken.reason {
                case .crashed:
                    answer = .error("the model crashed on this vignette (\(description))", latencyMs: latencyMs)
                case .garbage(let what):
                    answer = .error(
                        "the model wrote \(what) in answer to this vignette; its worker was restarted",
                        latencyMs: latencyMs)
                case .hung:
                    answer = .timeout(description, latencyMs: latencyMs)
                }
                effects += complete(entry.ticket, answer)
            }
        } else if !live.isEmpty {
            slots[worker].addSuspects(live.map(\.ticket))
        }
        // Only a worker that failed on one vignette alone tells something about the model.
        if broken.answeredNothing && alone {
            silentWorkersInARow += 1
            let limit =
                everAnswered
                ? settings.maxSilentWorkersAfterFirstAnswer : settings.maxSilentWorkersBeforeFirstAnswer
            if silentWorkersInARow >= max(limit, 1) {
                let what =
                    everAnswered
                    ? "the model stopped answering: \(silentWorkersInARow) worker processes in a row ended without answering"
                    : "the model could not be started: \(silentWorkersInARow) worker processes in a row ended without answering anything"
                effects += becomeUnavailable(
                    ModelUnavailableError("\(what) (last: \(description))", stderrTail: lastStderrTail))
            }
        }
        return effects
    }

    /// How a break is described in messages: `the worker exited with status 1`.
    func describe(_ reason: BreakReason, ending: String) -> String {
        switch reason {
        case .crashed: "the worker \(ending)"
        case .garbage(let what): "the model wrote \(what)"
        case .hung: "no answer within \(Self.seconds(settings.timeout))"
        }
    }

    /// `0.5 s`, `5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }

    // MARK: Private

    private mutating func becomeUnavailable(_ error: ModelUnavailableError) -> [Effect] {
        guard unavailable == nil else { return [] }
        unavailable = error
        var effects: [Effect] = []
        for worker in slots.indices {
            if slots[worker].running { effects.append(.kill(worker: worker)) }
            slots[worker].reset()
            slots[worker].clearSuspects()
        }
        jobs.removeAll()
        queue.removeAll()
        queueHead = 0
        effects.append(.unavailable(error))
        return effects
    }

    private mutating func complete(_ ticket: Ticket, _ answer: ModelAnswer) -> [Effect] {
        guard var job = jobs[ticket.job], job.answered.indices.contains(ticket.index),
            !job.answered[ticket.index]
        else { return [] }
        job.answered[ticket.index] = true
        job.remaining -= 1
        jobs[ticket.job] = job.remaining == 0 ? nil : job
        return [.complete(ticket, answer)]
    }

    private mutating func send(_ ticket: Ticket, to worker: Int, now: Double, isolated: Bool, effects: inout [Effect]) {
        guard let job = jobs[ticket.job], job.ids.indices.contains(ticket.index) else { return }
        let id = job.ids[ticket.index]
        if slots[worker].inFlight[id] != nil {
            effects += complete(ticket, .error("request id \(quoted(id)) is already in flight", latencyMs: 0))
            return
        }
        slots[worker].markSent(ticket, id: id, at: now, isolated: isolated)
        effects.append(.send(worker: worker, ticket))
    }

    /// When the worker counts as hung, if it has requests in flight.
    private mutating func deadline(of worker: Int) -> Double? {
        guard let oldest = slots[worker].oldestSendTime() else { return nil }
        let lastSign = slots[worker].lastResponse ?? (slots[worker].startedAt + settings.startupGrace)
        return max(oldest, lastSign) + settings.timeout
    }

    /// Whether a worker should get no more requests for now: its oldest request has waited longer
    /// than the timeout.
    private mutating func isHeld(_ worker: Int, now: Double) -> Bool {
        guard let oldest = slots[worker].oldestSendTime() else { return false }
        return now - oldest > settings.timeout
    }

    private mutating func hasQueuedWork() -> Bool {
        while queueHead < queue.count {
            if jobs[queue[queueHead].job] != nil { return true }
            queueHead += 1
        }
        compactQueue()
        return false
    }

    private mutating func nextQueued() -> Ticket? {
        while queueHead < queue.count {
            let ticket = queue[queueHead]
            queueHead += 1
            if jobs[ticket.job] != nil {
                compactQueue()
                return ticket
            }
        }
        compactQueue()
        return nil
    }

    private mutating func compactQueue() {
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: queue.count < 1 << 16)
            queueHead = 0
        } else if queueHead > 4096 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }
}
