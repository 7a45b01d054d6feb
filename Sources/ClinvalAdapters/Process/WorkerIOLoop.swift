import ClinvalCore
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The I/O thread of ``WorkerPool``: runs every worker process with `poll(2)` on non-blocking
/// pipes, so that no blocking call ever runs on the cooperative pool. It feeds what happens (lines,
/// ends of output, broken pipes, the time) to a ``WorkerScheduler`` and carries out the effects it
/// decides: starting, writing to and killing workers, and resuming the callers' continuations.
///
/// This is the one thread of the program (docs/architecture.md, "Concurrency model"): `poll(2)`
/// blocks, so it gets a thread of its own rather than a task. The loop is not `Sendable`: it is
/// created on its thread by ``startThread(configuration:logger:inbox:)`` and never leaves it; the
/// async side reaches it only through the ``WorkerInbox``.
final class WorkerIOLoop {
    private let configuration: ProcessModelConfiguration
    private let logger: Logger
    private let inbox: WorkerInbox

    private var scheduler: WorkerScheduler
    private var connections: [WorkerConnection]
    private var jobs: [Int: WorkerJob] = [:]
    private var orphanCancels: Set<Int> = []
    private var executablePath: String?
    private var environmentEntries: [String]?
    private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
    private var stopping = false
    private var readBuffer = [UInt8](repeating: 0, count: 1 << 16)

    /// Starts the I/O thread, which creates its loop and runs it until shutdown.
    static func startThread(configuration: ProcessModelConfiguration, logger: Logger, inbox: WorkerInbox) {
        let thread = Thread {
            WorkerIOLoop(configuration: configuration, logger: logger, inbox: inbox).run()
        }
        thread.name = "clinval-model-io"
        thread.start()
    }

    private init(configuration: ProcessModelConfiguration, logger: Logger, inbox: WorkerInbox) {
        self.configuration = configuration
        self.logger = logger
        self.inbox = inbox
        let settings = WorkerScheduler.Settings(configuration)
        self.scheduler = WorkerScheduler(settings: settings)
        self.connections = (0..<settings.workers).map { WorkerConnection(index: $0) }
    }

    private enum Stream: Equatable {
        case wake, output, errorOutput, input
    }

    /// The loop; returns once the pool is shut down.
    func run() {
        // A worker that dies must not take this process with it when a write hits its closed pipe.
        signal(SIGPIPE, SIG_IGN)
        var pollSet: [pollfd] = []
        var pollOwners: [(slot: Int, generation: Int, stream: Stream)] = []
        while true {
            drainInbox()
            if stopping { break }
            execute(scheduler.checkTimeouts(now: MonotonicClock.now()))
            dispatch()

            pollSet.removeAll(keepingCapacity: true)
            pollOwners.removeAll(keepingCapacity: true)
            pollSet.append(pollfd(fd: inbox.wakeRead, events: Int16(POLLIN), revents: 0))
            pollOwners.append((-1, 0, .wake))
            for connection in connections {
                guard let process = connection.process else { continue }
                if process.stdoutFD >= 0 {
                    pollSet.append(pollfd(fd: process.stdoutFD, events: Int16(POLLIN), revents: 0))
                    pollOwners.append((connection.index, connection.generation, .output))
                }
                if process.stderrFD >= 0 {
                    pollSet.append(pollfd(fd: process.stderrFD, events: Int16(POLLIN), revents: 0))
                    pollOwners.append((connection.index, connection.generation, .errorOutput))
                }
                if process.stdinFD >= 0 && connection.pendingOutput > 0 {
                    pollSet.append(pollfd(fd: process.stdinFD, events: Int16(POLLOUT), revents: 0))
                    pollOwners.append((connection.index, connection.generation, .input))
                }
            }
            let ready = poll(&pollSet, nfds_t(pollSet.count), pollTimeoutMs(now: MonotonicClock.now()))
            if ready < 0 {
                if errno == EINTR { continue }
                logger.error("poll failed", metadata: ["error": "\(WorkerProcess.errnoText())"])
                usleep(1000)
                continue
            }
            guard ready > 0 else { continue }
            for (entry, owner) in zip(pollSet, pollOwners) where entry.revents != 0 {
                if owner.stream == .wake {
                    inbox.drainWakePipe()
                    continue
                }
                guard owner.slot < connections.count else { continue }
                let connection = connections[owner.slot]
                guard connection.generation == owner.generation, connection.process != nil else { continue }
                switch owner.stream {
                case .output: readOutput(connection)
                case .errorOutput: connection.readErrorOutput(using: &readBuffer)
                case .input: flush(connection)
                case .wake: break
                }
            }
        }
        finish()
    }

    private func pollTimeoutMs(now: Double) -> Int32 {
        guard let deadline = scheduler.nextDeadline(now: now) else { return -1 }
        let milliseconds = ((deadline - now) * 1000).rounded(.up) + 1
        return Int32(min(max(milliseconds, 0), 60_000))
    }

    private func drainInbox() {
        for command in inbox.take() {
            switch command {
            case .start(let continuation):
                if let unavailable = scheduler.unavailable {
                    continuation.resume(throwing: unavailable)
                    continue
                }
                execute(scheduler.startAll(now: MonotonicClock.now()))
                if let unavailable = scheduler.unavailable {
                    continuation.resume(throwing: unavailable)
                } else {
                    continuation.resume()
                }
            case .submit(let job):
                if let unavailable = scheduler.unavailable {
                    job.continuation.resume(throwing: unavailable)
                } else if orphanCancels.remove(job.id) != nil {
                    job.continuation.resume(throwing: CancellationError())
                } else {
                    jobs[job.id] = job
                    scheduler.submit(job: job.id, ids: job.requests.map(\.id))
                }
            case .cancel(let jobID):
                if let job = jobs.removeValue(forKey: jobID) {
                    scheduler.cancel(job: jobID)
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
        let running = connections.compactMap(\.process)
        for process in running { process.closeInput() }
        let deadline = MonotonicClock.now() + 0.5
        while MonotonicClock.now() < deadline && !running.allSatisfy({ $0.reapIfExited() }) {
            usleep(2000)
        }
        for connection in connections { connection.process?.terminate(grace: 0) }
        for connection in connections { connection.reset() }
        let error: any Error = scheduler.unavailable ?? CancellationError()
        let waiting = jobs.values
        jobs.removeAll()
        for command in inbox.finish() {
            switch command {
            case .start(let continuation): continuation.resume(throwing: error)
            case .submit(let job): job.continuation.resume(throwing: error)
            case .shutdown(let continuation): continuation.map { shutdownWaiters.append($0) }
            case .cancel: break
            }
        }
        for job in waiting { job.continuation.resume(throwing: error) }
        for waiter in shutdownWaiters { waiter.resume() }
        shutdownWaiters.removeAll()
    }

    // MARK: Carrying out the scheduler's effects

    private func dispatch() {
        execute(scheduler.dispatch(now: MonotonicClock.now()))
        for connection in connections where connection.process != nil && connection.pendingOutput > 0 {
            flush(connection)
        }
    }

    private func execute(_ effects: [WorkerScheduler.Effect]) {
        for effect in effects {
            switch effect {
            case .start(let worker):
                // On failure the model is unavailable: the rest was meant for it.
                guard spawn(connections[worker]) else { return }
            case .send(let worker, let ticket):
                guard let job = jobs[ticket.job], job.requests.indices.contains(ticket.index) else { continue }
                connections[worker].enqueue(job.requests[ticket.index])
            case .stop(let worker, let reason, let inFlight):
                stop(connections[worker], reason: reason, inFlight: inFlight)
            case .kill(let worker):
                connections[worker].process?.terminate(grace: 0)
                connections[worker].reset()
            case .complete(let ticket, let answer):
                // Recorded in place, so the job's answers are not copied.
                if jobs[ticket.job]?.record(answer, at: ticket.index) == true,
                    let job = jobs.removeValue(forKey: ticket.job)
                {
                    job.finish()
                }
            case .unavailable(let error):
                inbox.state.withLock { $0.unavailable = error }
                logger.error("model unavailable", metadata: ["reason": "\(error.message)"])
                let waiting = jobs.values
                jobs.removeAll()
                for job in waiting { job.continuation.resume(throwing: error) }
            }
        }
    }

    /// Kills a broken worker and its process group, and reports it stopped to the scheduler.
    private func stop(_ connection: WorkerConnection, reason: WorkerScheduler.BreakReason, inFlight: Int) {
        var ending = ""
        var tail = ""
        if let process = connection.process {
            let termination = process.terminate(grace: reason == .crashed ? 0.2 : 0)
            ending = "\(termination)"
            // Take what the worker said last on standard error, then close its pipes.
            if process.stderrFD >= 0 { connection.readErrorOutput(using: &readBuffer) }
            process.closeAll()
            tail = connection.stderr.text()
            connection.reset()
            inbox.state.withLock { $0.statistics.workersBroken += 1 }
            logger.warning(
                "model worker broken; restarting it",
                metadata: [
                    "model.worker": "\(connection.index)", "model.pid": "\(process.pid)",
                    "reason": "\(scheduler.describe(reason, ending: ending))", "in_flight": "\(inFlight)",
                ])
        }
        execute(scheduler.workerStopped(connection.index, ending: ending, stderrTail: tail, now: MonotonicClock.now()))
    }

    /// Starts the connection's worker; on failure the model becomes unavailable. Returns whether
    /// it started.
    private func spawn(_ connection: WorkerConnection) -> Bool {
        if executablePath == nil {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: configuration.workingDirectory, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                execute(
                    scheduler.startFailed(
                        ModelUnavailableError(
                            "the model's working directory does not exist: \(quoted(configuration.workingDirectory, limit: 200))"
                        )))
                return false
            }
            let environment = configuration.environment ?? ProcessInfo.processInfo.environment
            do {
                executablePath = try ExecutableResolver.resolve(
                    configuration.command.first ?? "", searchPath: environment["PATH"],
                    workingDirectory: configuration.workingDirectory)
            } catch {
                execute(scheduler.startFailed(error))
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
            connection.attach(process)
            scheduler.workerStarted(connection.index, now: MonotonicClock.now())
            inbox.state.withLock {
                $0.statistics.workersStarted += 1
                $0.processIDs.append(process.pid)
            }
            logger.debug(
                "model worker started", metadata: ["model.worker": "\(connection.index)", "model.pid": "\(process.pid)"])
            return true
        } catch {
            execute(
                scheduler.startFailed(
                    ModelUnavailableError(
                        "the model could not be started: \(quoted(configuration.command.first ?? "")): \(error.message)")))
            return false
        }
    }

    // MARK: Pipes

    private func flush(_ connection: WorkerConnection) {
        if !connection.flush() { scheduler.inputClosed(worker: connection.index) }
    }

    private func readOutput(_ connection: WorkerConnection) {
        let generation = connection.generation
        // Read a bounded amount per wake, so one busy worker does not starve the others.
        for _ in 0..<16 {
            switch connection.readOutput(using: &readBuffer) {
            case .data:
                processLines(connection)
                guard connection.generation == generation, connection.process != nil else { return }
            case .wouldBlock:
                return
            case .end:
                // End of output: take a last unterminated line, then the worker has crashed.
                if connection.terminatePartialLine() {
                    processLines(connection)
                    guard connection.generation == generation, connection.process != nil else { return }
                }
                connection.process?.closeOutput()
                execute(scheduler.breakWorker(connection.index, .crashed))
                return
            }
        }
    }

    /// Handles every complete line in the connection's input buffer.
    private func processLines(_ connection: WorkerConnection) {
        let generation = connection.generation
        connection.rewindScan()
        while true {
            switch connection.nextLine() {
            case .none:
                connection.compactInput()
                return
            case .tooLong:
                execute(
                    scheduler.breakWorker(
                        connection.index,
                        .garbage("a line longer than \(WorkerConnection.maxLineBytes / (1 << 20)) MiB")))
                return
            case .line(let range):
                let response = ModelResponse.parse(connection.input, range: range)
                let before = scheduler.responses
                let effects = scheduler.received(response, from: connection.index, now: MonotonicClock.now())
                if scheduler.responses != before {
                    inbox.state.withLock { $0.statistics.responses += 1 }
                }
                execute(effects)
                guard connection.generation == generation, connection.process != nil else { return }
            }
        }
    }
}
