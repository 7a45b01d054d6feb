/// What ``WorkerScheduler`` knows about one worker position: whether a process runs there, what is
/// in flight on it, and the suspects it still has to retry one at a time. No I/O.
struct WorkerSlotState {
    /// A request sent to the worker and not yet answered.
    struct InFlight: Hashable {
        var ticket: WorkerScheduler.Ticket
        var id: String
        var sentAt: Double
        /// Sent alone (a suspect being retried): nothing else went with it.
        var isolated: Bool
    }

    /// A process runs here (or is being started).
    var running = false
    var startedAt = 0.0
    /// The worker stopped reading its input: it gets nothing more.
    var inputClosed = false
    var lastResponse: Double?
    /// Responses tied to a request so far.
    var answers = 0
    private(set) var inFlight: [String: InFlight] = [:]
    /// How many requests in flight were sent in isolation (0 or 1).
    private(set) var isolatedInFlight = 0
    private var sendOrder: [String] = []
    private var sendOrderHead = 0
    private var suspects: [WorkerScheduler.Ticket] = []
    private var suspectsHead = 0

    var hasSuspects: Bool { suspectsHead < suspects.count }

    /// Marks a fresh process as running here.
    mutating func attach(now: Double) {
        reset()
        running = true
        startedAt = now
    }

    /// Forgets the process and everything in flight (not the suspects).
    mutating func reset() {
        running = false
        inFlight.removeAll()
        isolatedInFlight = 0
        sendOrder.removeAll()
        sendOrderHead = 0
        inputClosed = false
        lastResponse = nil
        answers = 0
    }

    mutating func markSent(_ ticket: WorkerScheduler.Ticket, id: String, at time: Double, isolated: Bool) {
        inFlight[id] = InFlight(ticket: ticket, id: id, sentAt: time, isolated: isolated)
        if isolated { isolatedInFlight += 1 }
        sendOrder.append(id)
    }

    /// Removes and returns the request in flight with this id.
    mutating func takeInFlight(_ id: String) -> InFlight? {
        guard let entry = inFlight.removeValue(forKey: id) else { return nil }
        if entry.isolated { isolatedInFlight -= 1 }
        return entry
    }

    /// The send time of the oldest request in flight.
    mutating func oldestSendTime() -> Double? {
        guard !inFlight.isEmpty else {
            sendOrder.removeAll(keepingCapacity: true)
            sendOrderHead = 0
            return nil
        }
        if sendOrderHead > 1024 && sendOrderHead * 2 > sendOrder.count {
            sendOrder.removeFirst(sendOrderHead)
            sendOrderHead = 0
        }
        while sendOrderHead < sendOrder.count {
            if let entry = inFlight[sendOrder[sendOrderHead]] { return entry.sentAt }
            sendOrderHead += 1
        }
        return nil
    }

    /// The requests in flight, oldest first.
    func inFlightInSendOrder() -> [InFlight] {
        var seen = Set<String>()
        return sendOrder[min(sendOrderHead, sendOrder.count)...].compactMap { id in
            guard seen.insert(id).inserted else { return nil }
            return inFlight[id]
        }
    }

    mutating func addSuspects(_ tickets: [WorkerScheduler.Ticket]) {
        suspects = Array(suspects[suspectsHead...]) + tickets
        suspectsHead = 0
    }

    mutating func clearSuspects() {
        suspects.removeAll()
        suspectsHead = 0
    }

    /// The next suspect whose job still waits, if any.
    mutating func nextLiveSuspect(isLive: (Int) -> Bool) -> WorkerScheduler.Ticket? {
        while suspectsHead < suspects.count {
            let ticket = suspects[suspectsHead]
            suspectsHead += 1
            if isLive(ticket.job) { return ticket }
        }
        clearSuspects()
        return nil
    }
}
