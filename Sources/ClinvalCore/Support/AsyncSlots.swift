import Synchronization

/// A counting semaphore for tasks: at most `count` holders at once, the others wait (without
/// blocking a thread) in the order they asked. A task cancelled while it waits leaves the line at
/// once and gets a `CancellationError` instead of a slot.
///
/// The runner checks, answers and commits each batch holding one of `--jobs` slots, and a slot of
/// one serves as the lock that lets one commit run at a time; the HTTP model adapter bounds its
/// requests in flight with it.
///
/// ```swift
/// let slots = AsyncSlots(count: 4)
/// let answer = try await slots.withSlot { try await send(request) }
/// ```
public final class AsyncSlots: Sendable {
    /// The free slots and the tasks waiting in line, each under the number it drew.
    private struct State {
        var available: Int
        var nextTicket = 0
        var waiters: [(ticket: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    private let state: Mutex<State>

    /// Creates `count` slots (at least 1).
    public init(count: Int) {
        state = Mutex(State(available: max(1, count)))
    }

    /// Waits for a free slot and takes it. Pair every call that returns with one ``release()``.
    ///
    /// - Throws: `CancellationError` if the task is cancelled before it gets a slot (it then holds
    ///   none).
    public func acquire() async throws {
        try Task.checkCancellation()
        if tryAcquire() { return }
        let ticket = state.withLock { state in
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Next { case proceed, wait, cancelled }
                let next: Next = state.withLock { state in
                    // A slot may have been released since the first look: take it, or wait in line.
                    if Task.isCancelled { return .cancelled }
                    if state.available > 0 {
                        state.available -= 1
                        return .proceed
                    }
                    state.waiters.append((ticket, continuation))
                    return .wait
                }
                switch next {
                case .proceed: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .wait: break
                }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Takes a slot if one is free, without waiting.
    ///
    /// - Returns: whether a slot was taken (then pair it with one ``release()``).
    public func tryAcquire() -> Bool {
        state.withLock { state in
            guard state.available > 0 else { return false }
            state.available -= 1
            return true
        }
    }

    /// Gives a slot back, to the longest waiter if there is one.
    public func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            if !state.waiters.isEmpty { return state.waiters.removeFirst().continuation }
            state.available += 1
            return nil
        }
        next?.resume()
    }

    /// Runs `work` holding a slot.
    ///
    /// - Throws: `CancellationError` if the task is cancelled while it waits for the slot, or
    ///   whatever `work` throws.
    public func withSlot<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await work()
    }
}
