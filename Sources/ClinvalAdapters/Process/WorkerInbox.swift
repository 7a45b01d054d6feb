import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What ``WorkerPool``'s callers and its I/O thread share: the commands posted to the thread, the
/// counters, and a pipe that wakes the thread out of `poll(2)`.
final class WorkerInbox: Sendable {
    enum Command: Sendable {
        case start(CheckedContinuation<Void, any Error>)
        case submit(WorkerJob)
        case cancel(Int)
        case shutdown(CheckedContinuation<Void, Never>?)
    }

    struct State {
        var commands: [Command] = []
        var threadStarted = false
        var finished = false
        var nextJobID = 0
        var statistics = ProcessModelStatistics()
        var unavailable: ModelUnavailableError?
        var processIDs: [pid_t] = []
    }

    let state = Mutex(State())
    /// The I/O thread polls this end.
    let wakeRead: Int32
    private let wakeWrite: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
    }

    /// Queues a command and wakes the I/O thread, calling `startThread` first if it has not run
    /// yet; calls `orElse` (outside the lock) if the pool has finished and cannot take it.
    func post(_ command: Command, startThread: () -> Void, orElse reject: (any Error) -> Void) {
        enum Outcome { case queued, startThread, rejected(any Error), stoppedBeforeStarting }
        let outcome: Outcome = state.withLock { state in
            if state.finished { return .rejected(state.unavailable ?? CancellationError()) }
            if case .shutdown = command, !state.threadStarted {
                // Nothing ever ran: there is nothing to stop.
                state.finished = true
                return .stoppedBeforeStarting
            }
            state.commands.append(command)
            if !state.threadStarted {
                state.threadStarted = true
                return .startThread
            }
            return .queued
        }
        switch outcome {
        case .rejected(let error):
            reject(error)
            return
        case .stoppedBeforeStarting:
            if case .shutdown(let continuation) = command { continuation?.resume() }
            return
        case .startThread:
            startThread()
        case .queued:
            break
        }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Takes every command posted so far.
    func take() -> [Command] {
        state.withLock { state in
            let taken = state.commands
            state.commands.removeAll(keepingCapacity: true)
            return taken
        }
    }

    /// Marks the pool finished and takes the commands posted before that.
    func finish() -> [Command] {
        state.withLock { state in
            state.finished = true
            let taken = state.commands
            state.commands.removeAll()
            return taken
        }
    }

    /// Empties the wake pipe.
    func drainWakePipe() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &scratch, scratch.count) > 0 {}
    }
}
