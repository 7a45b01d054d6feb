import ClinvalCore
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The engine of ``ProcessModelAdapter``: one I/O thread that runs every worker process with
/// `poll(2)` on non-blocking pipes, so that no blocking call ever runs on the cooperative pool.
///
/// Async callers post commands to an inbox (under a lock) and wake the thread through a pipe; the
/// thread owns all other state and resumes the callers' continuations.
///
/// Scheduling (docs/model-format.md, External model manifest):
/// - Requests wait in one FIFO queue; each worker takes up to `pipelineDepth` of them at a time,
///   written in one batch. A worker whose oldest request has waited longer than the timeout gets
///   no more until it catches up, so no request waits behind a hung one for long.
/// - A worker is hung when it has requests in flight and has been silent for `timeoutSeconds`
///   since its last answer or since the oldest of them was sent (plus `startupGraceSeconds`
///   before its first answer).
/// - A hang, a crash (end of its output), or a line that cannot be tied to a request in flight on
///   it breaks a worker: its process group is killed and reaped, and its in-flight requests
///   become suspects, retried one at a time on the slot's fresh worker. A request that breaks a
///   worker on its own (in isolation, or as the only one in flight) is answered `error` (crash,
///   garbage) or `timeout` (hang); no other request is charged.
/// - A response with a known id but malformed content is that request's `error`, and the worker
///   goes on.
/// - Worker processes that fail on one vignette alone without answering anything are counted in
///   a row; past the configured limit the model is unavailable and every waiting call throws.
final class WorkerPool: @unchecked Sendable {
    // MARK: Immutable settings

    private let configuration: ProcessModelConfiguration
    private let timeout: Double
    private let depth: Int
    private let logger: Logger
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// The longest response line accepted (1 MiB).
    static let maxLineBytes = 1 << 20

    // MARK: Inbox (under `lock`)

    private enum Command {
        case start(CheckedContinuation<Void, any Error>)
        case submit(Job)
        case cancel(Int)
        case shutdown(CheckedContinuation<Void, Never>?)
    }

    private let lock = NSLock()
    private var inbox: [Command] = []
    private var threadStarted = false
    private var finished = false
    private var nextJobID = 0
    private var sharedStatistics = ProcessModelStatistics()
    private var sharedUnavailable: ModelUnavailableError?
    private var spawnedProcessIDs: [pid_t] = []

    // MARK: I/O thread state

    private var executablePath: String?
    private var environmentEntries: [String]?
    private var slots: [Slot] = []
    private var jobs: [Int: Job] = [:]
    private var queue: [Item] = []
    private var queueHead = 0
    private var orphanCancels: Set<Int> = []
    private var unavailable: ModelUnavailableError?
    private var silentWorkersInARow = 0
    private var everAnswered = false
    private var lastStderrTail = ""
    private var lastEnding = ""
    private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    private var stopping = false
    private var readBuffer = [UInt8](repeating: 0, count: 1 << 16)

    init(configuration: ProcessModelConfiguration, logger: Logger) {
        self.configuration = configuration
        self.timeout = max(configuration.timeoutSeconds, 0.001)
        self.depth = max(configuration.pipelineDepth, 1)
        self.logger = logger
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        slots = (0..<max(configuration.workers, 1)).map { Slot(index: $0) }
    }

    deinit {
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
    }

    // MARK: Caller side (any thread)

    /// Starts the I/O thread and every worker.
    func start() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            post(.start(continuation), orElse: { continuation.resume(throwing: $0) })
        }
    }

    /// Evaluates requests: one answer each, in order.
    func evaluate(_ requests: [ModelRequest]) async throws -> [ModelAnswer] {
        if let unavailable = lock.withLock({ sharedUnavailable }) { throw unavailable }
        guard !requests.isEmpty else { return [] }
        let jobID = lock.withLock {
            nextJobID += 1
            return nextJobID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[ModelAnswer], any Error>) in
                let job = Job(id: jobID, requests: requests, continuation: continuation)
                post(.submit(job), orElse: { continuation.resume(throwing: $0) })
            }
        } onCancel: {
            post(.cancel(jobID), orElse: { _ in })
        }
    }

    /// Stops every worker and the I/O thread; waiting calls throw `CancellationError`.
    func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            post(.shutdown(continuation), orElse: { _ in continuation.resume() })
        }
    }

    /// Asks the I/O thread to stop without waiting (for `deinit`).
    func shutdownSoon() {
        post(.shutdown(nil), orElse: { _ in })
    }

    /// Counters so far.
    var statistics: ProcessModelStatistics {
        lock.withLock { sharedStatistics }
    }

    /// The process ids of every worker started so far (for tests).
    var processIDs: [pid_t] {
        lock.withLock { spawnedProcessIDs }
    }

    /// Queues a command and wakes the I/O thread, starting it if needed; calls `orElse` (outside
    /// the lock) if the pool has finished and cannot take it.
    private func post(_ command: Command, orElse reject: (any Error) -> Void) {
        var rejection: (any Error)?
        var startThread = false
        var stoppedBeforeStarting = false
        lock.withLock {
            if finished {
                rejection = sharedUnavailable ?? CancellationError()
                return
            }
            if case .shutdown = command, !threadStarted {
                // Nothing ever ran: there is nothing to stop.
                finished = true
                stoppedBeforeStarting = true
                return
            }
            inbox.append(command)
            if !threadStarted {
                threadStarted = true
                startThread = true
            }
        }
        if let rejection {
            reject(rejection)
            return
        }
        if stoppedBeforeStarting {
            if case .shutdown(let continuation) = command { continuation?.resume() }
            return
        }
        if startThread {
            let thread = Thread { [self] in runLoop() }
            thread.name = "clinval-model-io"
            thread.start()
        }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: The I/O loop

    private func runLoop() {
        // A worker that dies must not take this process with it when a write hits its closed pipe.
        signal(SIGPIPE, SIG_IGN)
        var pollSet: [pollfd] = []
        var pollOwners: [(slot: Int, generation: Int, stream: Stream)] = []
        while true {
            drainInbox()
            if stopping { break }
            let now = MonotonicClock.now()
            checkTimeouts(now: now)
            dispatch(now: MonotonicClock.now())

            pollSet.removeAll(keepingCapacity: true)
            pollOwners.removeAll(keepingCapacity: true)
            pollSet.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            pollOwners.append((-1, 0, .wake))
            for slot in slots {
                guard let process = slot.process else { continue }
                if process.stdoutFD >= 0 {
                    pollSet.append(pollfd(fd: process.stdoutFD, events: Int16(POLLIN), revents: 0))
                    pollOwners.append((slot.index, slot.generation, .output))
                }
                if process.stderrFD >= 0 {
                    pollSet.append(pollfd(fd: process.stderrFD, events: Int16(POLLIN), revents: 0))
                    pollOwners.append((slot.index, slot.generation, .errorOutput))
                }
                if process.stdinFD >= 0 && slot.pendingOutput > 0 {
                    pollSet.append(pollfd(fd: process.stdinFD, events: Int16(POLLOUT), revents: 0))
                    pollOwners.append((slot.index, slot.generation, .input))
                }
            }
            let waitMs = pollTimeoutMs(now: MonotonicClock.now())
            let ready = poll(&pollSet, nfds_t(pollSet.count), waitMs)
            if ready < 0 {
                if errno == EINTR { continue }
                logger.error("poll failed", metadata: ["error": "\(WorkerProcess.errnoText())"])
                usleep(1000)
                continue
            }
            guard ready > 0 else { continue }
            for (entry, owner) in zip(pollSet, pollOwners) where entry.revents != 0 {
                if owner.stream == .wake {
                    drainWakePipe()
                    continue
                }
                guard owner.slot < slots.count else { continue }
                let slot = slots[owner.slot]
                guard slot.generation == owner.generation, slot.process != nil else { continue }
                switch owner.stream {
                case .output: readOutput(slot)
                case .errorOutput: readErrorOutput(slot)
                case .input: flush(slot)
                case .wake: break
                }
            }
        }
        finish()
    }

    private enum Stream: Equatable {
        case wake, output, errorOutput, input
    }

    private func drainWakePipe() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &scratch, scratch.count) > 0 {}
    }

    private func drainInbox() {
        let commands: [Command] = lock.withLock {
            let taken = inbox
            inbox.removeAll(keepingCapacity: true)
            return taken
        }
        for command in commands {
            switch command {
            case .start(let continuation):
                if let unavailable {
                    continuation.resume(throwing: unavailable)
                    continue
                }
                for slot in slots where slot.process == nil {
                    guard spawn(slot) else { break }
                }
                if let unavailable {
                    continuation.resume(throwing: unavailable)
                } else {
                    continuation.resume()
                }
            case .submit(let job):
                if let unavailable {
                    job.continuation.resume(throwing: unavailable)
                } else if orphanCancels.remove(job.id) != nil {
                    job.continuation.resume(throwing: CancellationError())
                } else {
                    jobs[job.id] = job
                    queue.reserveCapacity(queue.count - queueHead + job.requests.count)
                    for index in job.requests.indices {
                        queue.append(Item(jobID: job.id, index: index, id: job.requests[index].id))
                    }
                }
            case .cancel(let jobID):
                if let job = jobs.removeValue(forKey: jobID) {
                    job.continuation.resume(throwing: CancellationError())
                } else {
                    orphanCancels.insert(jobID)
                }
            case .shutdown(let continuation):
                stopping = true
                if let continuation { shutdownWaiters.append(continuation) }
            }
        }
    }

    /// Stops every worker (politely first), fails waiting calls, and resumes shutdown callers.
    private func finish() {
        let running = slots.compactMap(\.process)
        for process in running { process.closeInput() }
        let deadline = MonotonicClock.now() + 0.5
        while MonotonicClock.now() < deadline && !running.allSatisfy({ $0.reapIfExited() }) {
            usleep(2000)
        }
        for slot in slots { slot.process?.terminate(grace: 0) }
        for slot in slots { slot.reset() }
        let error: any Error = unavailable ?? CancellationError()
        let waiting = jobs.values
        jobs.removeAll()
        queue.removeAll()
        queueHead = 0
        lock.withLock {
            finished = true
            for command in inbox {
                switch command {
                case .start(let continuation): continuation.resume(throwing: error)
                case .submit(let job): job.continuation.resume(throwing: error)
                case .shutdown(let continuation): continuation.map { shutdownWaiters.append($0) }
                case .cancel: break
                }
            }
            inbox.removeAll()
        }
        for job in waiting { job.continuation.resume(throwing: error) }
        for waiter in shutdownWaiters { waiter.resume() }
        shutdownWaiters.removeAll()
    }

    // MARK: Workers

    /// Starts the slot's worker; on failure the model becomes unavailable. Returns whether it started.
    private func spawn(_ slot: Slot) -> Bool {
        if executablePath == nil {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: configuration.workingDirectory, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                becomeUnavailable(
                    ModelUnavailableError(
                        "the model's working directory does not exist: \(quoted(configuration.workingDirectory, limit: 200))"
                    ))
                return false
            }
            let environment = configuration.environment ?? ProcessInfo.processInfo.environment
            do {
                executablePath = try ExecutableResolver.resolve(
                    configuration.command.first ?? "", searchPath: environment["PATH"],
                    workingDirectory: configuration.workingDirectory)
            } catch {
                becomeUnavailable(error)
                return false
            }
            environmentEntries = configuration.environment.map {
                $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            }
        }
        guard let executablePath else { return false }
        do {
            let process = try WorkerProcess.spawn(
                executable: executablePath, arguments: configuration.command,
                directory: configuration.workingDirectory, environment: environmentEntries)
            slot.attach(process, now: MonotonicClock.now())
            lock.withLock {
                sharedStatistics.workersStarted += 1
                spawnedProcessIDs.append(process.pid)
            }
            logger.debug(
                "model worker started", metadata: ["model.worker": "\(slot.index)", "model.pid": "\(process.pid)"])
            return true
        } catch {
            becomeUnavailable(
                ModelUnavailableError(
                    "the model could not be started: \(quoted(configuration.command.first ?? "")): \(error.message)"))
            return false
        }
    }

    /// Gives every worker work: its suspects one at a time, or requests from the queue up to the
    /// pipeline depth; starts workers where there is work for them.
    private func dispatch(now: Double) {
        for slot in slots {
            guard unavailable == nil else { return }
            if slot.process == nil {
                guard slot.hasSuspects || hasQueuedWork() else { continue }
                guard spawn(slot) else { return }
            }
            if slot.inputClosed && slot.inFlight.isEmpty {
                // It stopped reading and owes nothing: replace it.
                breakWorker(slot, reason: .crashed)
                guard unavailable == nil else { return }
                guard slot.hasSuspects || hasQueuedWork(), spawn(slot) else { continue }
            }
            guard let process = slot.process, process.stdinFD >= 0, !slot.inputClosed else { continue }
            if slot.hasSuspects || slot.isolatedInFlight > 0 {
                // Isolation: suspects go one at a time, and nothing else goes with them.
                if slot.inFlight.isEmpty, let suspect = slot.nextLiveSuspect(isLive: { jobs[$0] != nil }) {
                    send(suspect, on: slot, now: now, isolated: true)
                }
            }
            if !slot.hasSuspects && slot.isolatedInFlight == 0 {
                while slot.inFlight.count < depth, !isHeld(slot, now: now), let item = nextQueued() {
                    send(item, on: slot, now: now, isolated: false)
                }
            }
            if slot.pendingOutput > 0 { flush(slot) }
        }
    }

    /// Whether a worker should get no more requests for now: its oldest request has waited longer
    /// than the timeout.
    private func isHeld(_ slot: Slot, now: Double) -> Bool {
        guard let oldest = slot.oldestSendTime() else { return false }
        return now - oldest > timeout
    }

    private func hasQueuedWork() -> Bool {
        while queueHead < queue.count {
            if jobs[queue[queueHead].jobID] != nil { return true }
            queueHead += 1
        }
        compactQueue()
        return false
    }

    private func nextQueued() -> Item? {
        while queueHead < queue.count {
            let item = queue[queueHead]
            queueHead += 1
            if jobs[item.jobID] != nil {
                compactQueue()
                return item
            }
        }
        compactQueue()
        return nil
    }

    private func compactQueue() {
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: queue.count < 1 << 16)
            queueHead = 0
        } else if queueHead > 4096 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }

    private func send(_ item: Item, on slot: Slot, now: Double, isolated: Bool) {
        guard let job = jobs[item.jobID], job.requests.indices.contains(item.index) else { return }
        if slot.inFlight[item.id] != nil {
            record(item, .error("request id \(quoted(item.id)) is already in flight", latencyMs: 0))
            return
        }
        job.requests[item.index].appendJSON(to: &slot.output)
        slot.output.append(0x0A)
        slot.markSent(item, at: now, isolated: isolated)
    }

    /// Writes as much pending output as the pipe takes.
    private func flush(_ slot: Slot) {
        guard let process = slot.process, process.stdinFD >= 0 else { return }
        while slot.pendingOutput > 0 {
            let written = slot.output.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(process.stdinFD, base + slot.outputOffset, slot.pendingOutput)
            }
            if written > 0 {
                slot.outputOffset += written
                continue
            }
            if written < 0 && errno == EINTR { continue }
            if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            // The model stopped reading (EPIPE): send it nothing more and let the end of its
            // output (or the timeout) break it, so that answers already written still count.
            slot.inputClosed = true
            process.closeInput()
            slot.output.removeAll(keepingCapacity: true)
            slot.outputOffset = 0
            return
        }
        if slot.pendingOutput == 0 {
            slot.output.removeAll(keepingCapacity: slot.output.count < 1 << 20)
            slot.outputOffset = 0
        }
    }

    private func readOutput(_ slot: Slot) {
        guard let process = slot.process else { return }
        let generation = slot.generation
        // Read a bounded amount per wake, so one busy worker does not starve the others.
        for _ in 0..<16 {
            let count = readBuffer.withUnsafeMutableBytes { buffer in
                read(process.stdoutFD, buffer.baseAddress, buffer.count)
            }
            if count > 0 {
                readBuffer.withUnsafeBytes { buffer in
                    slot.input.append(contentsOf: buffer.prefix(count))
                }
                processLines(slot)
                guard slot.generation == generation, slot.process != nil else { return }
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            // End of output: take a last unterminated line, then the worker has crashed.
            if slot.input.count > slot.inputStart {
                slot.input.append(0x0A)
                processLines(slot)
                guard slot.generation == generation, slot.process != nil else { return }
            }
            process.closeOutput()
            breakWorker(slot, reason: .crashed)
            return
        }
    }

    private func readErrorOutput(_ slot: Slot) {
        guard let process = slot.process else { return }
        for _ in 0..<4 {
            let count = readBuffer.withUnsafeMutableBytes { buffer in
                read(process.stderrFD, buffer.baseAddress, buffer.count)
            }
            if count > 0 {
                readBuffer.withUnsafeBytes { buffer in
                    slot.stderr.append(UnsafeRawBufferPointer(rebasing: buffer.prefix(count)))
                }
                continue
            }
            if count < 0 && (errno == EINTR) { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            process.closeErrorOutput()
            return
        }
    }

    /// Handles every complete line in the slot's input buffer.
    private func processLines(_ slot: Slot) {
        let generation = slot.generation
        var scan = slot.inputStart
        while true {
            guard let newline = slot.input[scan...].firstIndex(of: 0x0A) else {
                if slot.input.count - slot.inputStart > Self.maxLineBytes {
                    breakWorker(slot, reason: .garbage("a line longer than \(Self.maxLineBytes / (1 << 20)) MiB"))
                    return
                }
                break
            }
            let line = slot.inputStart..<newline
            slot.inputStart = newline + 1
            scan = slot.inputStart
            handleLine(slot, range: line)
            guard slot.generation == generation, slot.process != nil else { return }
        }
        if slot.inputStart == slot.input.count {
            slot.input.removeAll(keepingCapacity: true)
            slot.inputStart = 0
        } else if slot.inputStart > 1 << 16 {
            slot.input.removeFirst(slot.inputStart)
            slot.inputStart = 0
        }
    }

    private func handleLine(_ slot: Slot, range: Range<Int>) {
        let now = MonotonicClock.now()
        switch ModelResponse.parse(slot.input, range: range) {
        case .blank:
            return
        case .untied(let reason):
            breakWorker(slot, reason: .garbage(reason))
        case .tied(let id, let outcome):
            guard let entry = slot.takeInFlight(id) else {
                breakWorker(slot, reason: .garbage("a response for an unknown id \(quoted(id))"))
                return
            }
            let start = max(entry.sentAt, slot.lastResponse ?? entry.sentAt)
            let latencyMs = max(now - start, 0) * 1000
            slot.lastResponse = now
            slot.answers += 1
            everAnswered = true
            silentWorkersInARow = 0
            let answer: ModelAnswer
            switch outcome {
            case .answer(let differential, let triage):
                answer = .ok(differential: differential, triage: triage, latencyMs: latencyMs)
            case .modelError(let message), .malformed(let message):
                answer = .error(message, latencyMs: latencyMs)
            }
            lock.withLock { sharedStatistics.responses += 1 }
            record(entry.item, answer)
        }
    }

    private func record(_ item: Item, _ answer: ModelAnswer) {
        guard let job = jobs[item.jobID], job.answers.indices.contains(item.index),
            job.answers[item.index] == nil
        else { return }
        job.answers[item.index] = answer
        job.remaining -= 1
        if job.remaining == 0 {
            jobs[item.jobID] = nil
            job.continuation.resume(returning: job.answers.map { $0 ?? .error("no answer", latencyMs: 0) })
        }
    }

    // MARK: Breaking workers

    private enum BreakReason {
        case crashed
        case garbage(String)
        case hung
    }

    private func checkTimeouts(now: Double) {
        for slot in slots {
            guard slot.process != nil, let deadline = deadline(of: slot) else { continue }
            if now > deadline { breakWorker(slot, reason: .hung) }
        }
    }

    /// When the slot's worker counts as hung, if it has requests in flight.
    private func deadline(of slot: Slot) -> Double? {
        guard let oldest = slot.oldestSendTime() else { return nil }
        let lastSign = slot.lastResponse ?? (slot.startedAt + configuration.startupGraceSeconds)
        return max(oldest, lastSign) + timeout
    }

    private func pollTimeoutMs(now: Double) -> Int32 {
        var earliest = Double.infinity
        for slot in slots where slot.process != nil {
            if let deadline = deadline(of: slot) { earliest = min(earliest, deadline) }
            // A held worker is re-examined when its oldest request passes the timeout.
            if let oldest = slot.oldestSendTime(), now - oldest <= timeout {
                earliest = min(earliest, oldest + timeout)
            }
        }
        guard earliest.isFinite else { return -1 }
        let milliseconds = ((earliest - now) * 1000).rounded(.up) + 1
        return Int32(min(max(milliseconds, 0), 60_000))
    }

    /// Kills the slot's worker and deals with its in-flight requests (see the type's summary).
    private func breakWorker(_ slot: Slot, reason: BreakReason) {
        guard let process = slot.process else { return }
        let inFlight = slot.inFlightInSendOrder()
        let isolated = inFlight.contains { $0.isolated }
        var grace = 0.0
        if case .crashed = reason { grace = 0.2 }
        let ending = process.terminate(grace: grace)
        // Take what the worker said last on standard error, then close its pipes.
        if process.stderrFD >= 0 { readErrorOutput(slot) }
        process.closeAll()
        let tail = slot.stderr.text()
        if !tail.isEmpty { lastStderrTail = tail }
        let answeredNothing = slot.answers == 0
        slot.reset()
        lock.withLock { sharedStatistics.workersBroken += 1 }

        let description: String
        switch reason {
        case .crashed: description = "the worker \(ending)"
        case .garbage(let what): description = "the model wrote \(what)"
        case .hung: description = "no answer within \(Self.seconds(timeout))"
        }
        lastEnding = description
        logger.warning(
            "model worker broken; restarting it",
            metadata: [
                "model.worker": "\(slot.index)", "model.pid": "\(process.pid)", "reason": "\(description)",
                "in_flight": "\(inFlight.count)",
            ])

        let live = inFlight.filter { jobs[$0.item.jobID] != nil }
        if isolated || live.count == 1 {
            for entry in live {
                let latencyMs = max(MonotonicClock.now() - entry.sentAt, 0) * 1000
                switch reason {
                case .crashed:
                    record(
                        entry.item, .error("the model crashed on this vignette (\(description))", latencyMs: latencyMs))
                case .garbage(let what):
                    record(
                        entry.item,
                        .error(
                            "the model wrote \(what) in answer to this vignette; its worker was restarted",
                            latencyMs: latencyMs))
                case .hung:
                    record(entry.item, .timeout(description, latencyMs: latencyMs))
                }
            }
        } else if !live.isEmpty {
            slot.addSuspects(live.map(\.item))
        }

        // Only a worker that failed on one vignette alone tells something about the model.
        if answeredNothing && (isolated || live.count == 1) {
            silentWorkersInARow += 1
            let limit =
                everAnswered
                ? configuration.maxSilentWorkersAfterFirstAnswer : configuration.maxSilentWorkersBeforeFirstAnswer
            if silentWorkersInARow >= max(limit, 1) {
                let what =
                    everAnswered
                    ? "the model stopped answering: \(silentWorkersInARow) worker processes in a row ended without answering"
                    : "the model could not be started: \(silentWorkersInARow) worker processes in a row ended without answering anything"
                becomeUnavailable(ModelUnavailableError("\(what) (last: \(description))", stderrTail: lastStderrTail))
            }
        }
    }

    /// Marks the model unavailable: every waiting and later call throws `error`.
    private func becomeUnavailable(_ error: ModelUnavailableError) {
        guard unavailable == nil else { return }
        unavailable = error
        lock.withLock { sharedUnavailable = error }
        logger.error("model unavailable", metadata: ["reason": "\(error.message)"])
        for slot in slots {
            slot.process?.terminate(grace: 0)
            slot.reset()
            slot.clearSuspects()
        }
        let waiting = jobs.values
        jobs.removeAll()
        queue.removeAll()
        queueHead = 0
        for job in waiting { job.continuation.resume(throwing: error) }
    }

    /// `0.5 s`, `5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }
}

// MARK: - Thread-confined state

extension WorkerPool {
    /// One evaluate call waiting for its answers.
    final class Job {
        let id: Int
        let requests: [ModelRequest]
        var answers: [ModelAnswer?]
        var remaining: Int
        let continuation: CheckedContinuation<[ModelAnswer], any Error>

        init(id: Int, requests: [ModelRequest], continuation: CheckedContinuation<[ModelAnswer], any Error>) {
            self.id = id
            self.requests = requests
            self.answers = Array(repeating: nil, count: requests.count)
            self.remaining = requests.count
            self.continuation = continuation
        }
    }

    /// One request of a job.
    struct Item {
        var jobID: Int
        var index: Int
        var id: String
    }

    /// A request sent to a worker and not yet answered.
    struct InFlight {
        var item: Item
        var sentAt: Double
        var isolated: Bool
    }

    /// One worker position: its current process (if any) and its bookkeeping.
    final class Slot {
        let index: Int
        var process: WorkerProcess?
        /// Bumped whenever the process changes, so stale poll results are ignored.
        var generation = 0
        var startedAt = 0.0
        private(set) var inFlight: [String: InFlight] = [:]
        /// How many requests in flight were sent in isolation (0 or 1).
        private(set) var isolatedInFlight = 0
        private var sendOrder: [String] = []
        private var sendOrderHead = 0
        var output: [UInt8] = []
        var outputOffset = 0
        var inputClosed = false
        var input: [UInt8] = []
        var inputStart = 0
        var lastResponse: Double?
        var answers = 0
        var stderr = StderrTail()
        private var suspects: [Item] = []
        private var suspectsHead = 0

        init(index: Int) {
            self.index = index
        }

        var pendingOutput: Int { output.count - outputOffset }
        var hasSuspects: Bool { suspectsHead < suspects.count }

        func attach(_ process: WorkerProcess, now: Double) {
            reset()
            self.process = process
            startedAt = now
        }

        /// Forgets the process and everything in flight (not the suspects).
        func reset() {
            process = nil
            generation += 1
            inFlight.removeAll()
            isolatedInFlight = 0
            sendOrder.removeAll()
            sendOrderHead = 0
            output.removeAll()
            outputOffset = 0
            inputClosed = false
            input.removeAll()
            inputStart = 0
            lastResponse = nil
            answers = 0
            stderr.reset()
        }

        func markSent(_ item: Item, at time: Double, isolated: Bool) {
            inFlight[item.id] = InFlight(item: item, sentAt: time, isolated: isolated)
            if isolated { isolatedInFlight += 1 }
            sendOrder.append(item.id)
        }

        /// Removes and returns the request in flight with this id.
        func takeInFlight(_ id: String) -> InFlight? {
            guard let entry = inFlight.removeValue(forKey: id) else { return nil }
            if entry.isolated { isolatedInFlight -= 1 }
            return entry
        }

        /// The send time of the oldest request in flight.
        func oldestSendTime() -> Double? {
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

        func addSuspects(_ items: [Item]) {
            suspects = Array(suspects[suspectsHead...]) + items
            suspectsHead = 0
        }

        func clearSuspects() {
            suspects.removeAll()
            suspectsHead = 0
        }

        /// The next suspect whose job still waits, if any.
        func nextLiveSuspect(isLive: (Int) -> Bool) -> Item? {
            while suspectsHead < suspects.count {
                let item = suspects[suspectsHead]
                suspectsHead += 1
                if isLive(item.jobID) { return item }
            }
            clearSuspects()
            return nil
        }
    }
}
